package org.xieshang.support;

/** What test set-up helpers (Meeting, Themes) need of a running server: in-process (TestApp) or a child process. */
public interface Api {
  String login(String username);

  long count(String sql);

  long accountId(String username);

  TestApp.Reply get(String path, String token);

  TestApp.Reply post(String path, Object json, String token);

  TestApp.Reply put(String path, Object json, String token);
}
