package org.xieshang.platform.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Reads conf/application.yaml through vertx-config and applies the environment on top. */
public final class ConfigLoader {
  private ConfigLoader() {}

  public static Future<AppConfig> load(Vertx vertx, Path yamlFile, Map<String, String> env) {
    if (!Files.isRegularFile(yamlFile)) {
      return Future.failedFuture(new ConfigException("找不到配置文件 " + yamlFile.toAbsolutePath()
          + " (configuration file not found)"));
    }
    ConfigStoreOptions yaml = new ConfigStoreOptions()
        .setType("file")
        .setFormat("yaml")
        .setConfig(new JsonObject().put("path", yamlFile.toAbsolutePath().toString()));
    ConfigRetriever retriever = ConfigRetriever.create(vertx,
        new ConfigRetrieverOptions().setScanPeriod(-1).addStore(yaml));
    return retriever.getConfig()
        .eventually(retriever::close)
        .recover(e -> Future.failedFuture(new ConfigException("配置文件 " + yamlFile + " 无法解析：" + e.getMessage())))
        .map(json -> AppConfig.from(json, env));
  }
}
