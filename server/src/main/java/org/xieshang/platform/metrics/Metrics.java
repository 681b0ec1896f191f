package org.xieshang.platform.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.micrometer.backends.BackendRegistries;

import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * The registry /metrics is scraped from (Vert.x's Prometheus backend), and the JVM and process series bound to
 * it once: heap and other pools, GC pauses, threads, CPU, open file descriptors, uptime (docs/operations.md says
 * what to alert on). Without metrics configured, meters go to a registry nobody reads.
 */
public final class Metrics {
  private static final Set<MeterRegistry> BOUND = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
  private static final MeterRegistry NOWHERE = new SimpleMeterRegistry();

  private Metrics() {}

  public static MeterRegistry registry() {
    MeterRegistry r = BackendRegistries.getDefaultNow();
    return r == null ? NOWHERE : r;
  }

  /**
   * Binds the JVM series to the registry, once per registry (two servers in one JVM share it; binding the GC
   * listener twice would count every pause twice). The GC binder lives as long as the JVM, like its listeners.
   */
  public static void bindJvm() {
    MeterRegistry r = registry();
    if (r == NOWHERE || !BOUND.add(r)) {
      return;
    }
    new JvmMemoryMetrics().bindTo(r);
    new JvmGcMetrics().bindTo(r);
    new JvmThreadMetrics().bindTo(r);
    new ClassLoaderMetrics().bindTo(r);
    new ProcessorMetrics().bindTo(r);
    new FileDescriptorMetrics().bindTo(r);
    new UptimeMetrics().bindTo(r);
  }
}
