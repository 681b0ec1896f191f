package org.xieshang.video;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** The video system behind live meetings: Jitsi Meet, or none. Nothing in a meeting waits on it. */
public interface VideoProvider {
  String name();

  /** What the browser needs to open the video (domain, script), without tokens; empty for none. */
  JsonObject client();

  /** A token for one person in one room, with its expiry; null when this provider issues none. */
  JsonObject token(Rooms.Grant grant, Person person);

  /** How many are connected in a room: a number, 0 for a room nobody opened, or a failed future (unknown). */
  Future<Integer> roomSize(String room);

  boolean canRecord();

  /** Starts recording a room under the given reference. */
  Future<Void> startRecording(String room, String reference);

  Future<Void> stopRecording(String reference);

  /** The person a token is for. */
  record Person(long accountId, String name, String email) {}

  /** Meetings without video. */
  final class None implements VideoProvider {
    @Override
    public String name() {
      return "none";
    }

    @Override
    public JsonObject client() {
      return new JsonObject();
    }

    @Override
    public JsonObject token(Rooms.Grant grant, Person person) {
      return null;
    }

    @Override
    public Future<Integer> roomSize(String room) {
      return Future.failedFuture("no video provider");
    }

    @Override
    public boolean canRecord() {
      return false;
    }

    @Override
    public Future<Void> startRecording(String room, String reference) {
      return Future.failedFuture("no video provider");
    }

    @Override
    public Future<Void> stopRecording(String reference) {
      return Future.failedFuture("no video provider");
    }
  }
}
