package org.xieshang;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xieshang.demo.DemoData;
import org.xieshang.platform.config.AppConfig;
import org.xieshang.platform.config.ConfigException;
import org.xieshang.platform.config.ConfigLoader;
import org.xieshang.platform.db.DbAddress;
import org.xieshang.platform.db.Durability;
import org.xieshang.platform.db.EmbeddedDatabase;
import org.xieshang.platform.db.Migrations;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** config → database → migrations → deploy; clustered when the configuration says so. */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) throws Exception {
    Path confFile = Path.of(System.getProperty("xieshang.conf", "conf/application.yaml"));
    AppConfig config;
    Vertx boot = Vertx.vertx();
    try {
      config = ConfigLoader.load(boot, confFile, System.getenv()).await(30, TimeUnit.SECONDS);
    } catch (ConfigException e) {
      System.err.println("配置错误 (configuration error): " + e.getMessage());
      boot.close();
      System.exit(2);
      return;
    } finally {
      boot.close();
    }

    EmbeddedDatabase embedded = config.db().embedded()
        ? EmbeddedDatabase.start(Path.of(config.db().embeddedDir()), config.db().embeddedPort())
        : null;
    DbAddress db = embedded != null ? embedded.address() : DbAddress.fromUrl(config.db().url());
    // read back what the server really runs with: an acknowledged write must be on disk
    Durability.check(db);
    try {
      Migrations.run(db);
    } catch (RuntimeException e) {
      LOG.error("database migration failed on {}", db, e);
      if (embedded != null) {
        embedded.close();
      }
      System.exit(3);
    }

    Vertx vertx = createVertx(config);
    App app = App.start(vertx, config, db).await(60, TimeUnit.SECONDS);
    if (config.demo().load()) {
      DemoData.loadOnce(vertx, app.pool(), config.demo().password()).await(120, TimeUnit.SECONDS);
      DemoData.printAccounts(config.demo().password(), app.port());
    }
    System.out.println("协商 Xieshang is running at http://localhost:" + app.port() + "/");

    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("shutting down");
      try {
        app.close().await(config.http().shutdownGraceSeconds() + 10L, TimeUnit.SECONDS);
        vertx.close().await(20, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn("shutdown did not finish cleanly", e);
      }
      if (embedded != null) {
        embedded.close();
      }
    }, "xieshang-shutdown"));
  }

  public static Vertx createVertx(AppConfig config) throws Exception {
    // epoll where Netty's native library loads (Linux x86-64), else Java NIO: the same behaviour, with
    // fewer system calls and less garbage per WebSocket frame (docs/live.md)
    VertxOptions options = new VertxOptions().setPreferNativeTransport(true).setMetricsOptions(new MicrometerMetricsOptions()
        .setEnabled(true)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true)));
    if (!config.cluster().enabled()) {
      return Vertx.builder().with(options).build();
    }
    Path clusterXml = Path.of(config.cluster().config());
    if (!Files.isRegularFile(clusterXml)) {
      throw new ConfigException("找不到集群配置文件 " + clusterXml + " (cluster.config)");
    }
    System.setProperty("vertx.hazelcast.config", clusterXml.toAbsolutePath().toString());
    if (!config.cluster().host().isBlank()) {
      options.getEventBusOptions().setHost(config.cluster().host());
    }
    HazelcastClusterManager manager = new HazelcastClusterManager(ConfigUtil.loadConfig());
    return Vertx.builder().with(options).withClusterManager(manager).buildClustered().await(60, TimeUnit.SECONDS);
  }
}
