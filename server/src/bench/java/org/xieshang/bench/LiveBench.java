package org.xieshang.bench;

import com.sun.management.OperatingSystemMXBean;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import org.xieshang.live.LiveOwner;
import org.xieshang.live.LiveStore;
import org.xieshang.support.TestApp;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * scripts/bench live [--participants N] [--rate R] [--seconds S]
 *
 * Starts the whole server on a fresh database with one meeting of N participants, connects them
 * through the real SockJS bridge (WebSocket transport, with pings) from load processes, drives the
 * chair at R events per second through the HTTP command API (authorisation, event log and all), and
 * measures per event the time from the command being sent to its delivery at the last client. Then,
 * in the same run, a plain Vert.x WebSocket server broadcasts frames of the same size to the same
 * number of clients at the same rate. Ends with one JSON line.
 */
public final class LiveBench {
  static final int PER_PROCESS = 5000;
  static final long PING_MILLIS = 5000;
  /**
   * Events sent before measuring, so that JIT compilation is not what is measured: the product's code
   * takes longer to compile (measured: C2 still busy after 50 events); the baseline runs afterwards in the
   * same JVM, on Netty code already compiled, and its compile time was under 0.5 µs per delivery after 50.
   */
  static final int WARM_UP = 100;
  static final int BASELINE_WARM_UP = 50;

  record Phase(List<Double> latenciesMs, long deliveries, long expected, long cpuNanos, int connected) {
    /** The slowest events as "k:ms", to see whether slow events cluster (start, GC, disk). */
    String slowest(int n) {
      StringBuilder sb = new StringBuilder();
      slowestEvents(n).forEach(k -> sb.append(' ').append(k).append(':').append(Math.round(latenciesMs.get(k - 1))));
      return sb.toString().trim();
    }

    /** The numbers k of the n slowest events, slowest first. */
    List<Integer> slowestEvents(int n) {
      List<Integer> ks = new ArrayList<>();
      for (int i = 0; i < latenciesMs.size(); i++) {
        ks.add(i + 1);
      }
      ks.sort((a, b) -> Double.compare(latenciesMs.get(b - 1), latenciesMs.get(a - 1)));
      return ks.subList(0, Math.min(n, ks.size()));
    }

    double pct(double p) {
      if (latenciesMs.isEmpty()) {
        return Double.NaN;
      }
      List<Double> s = new ArrayList<>(latenciesMs);
      s.sort(Double::compare);
      return s.get(Math.min(s.size() - 1, (int) Math.ceil(p / 100.0 * s.size()) - 1));
    }

    double cpuMicrosPerDelivery() {
      return deliveries == 0 ? Double.NaN : cpuNanos / 1000.0 / deliveries;
    }
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = options(args);
    int participants = Integer.parseInt(opts.getOrDefault("participants", "10000"));
    int rate = Integer.parseInt(opts.getOrDefault("rate", "5"));
    int seconds = Integer.parseInt(opts.getOrDefault("seconds", "30"));
    long started = System.nanoTime();
    if (opts.containsKey("nodes")) {
      nodes(Integer.parseInt(opts.get("nodes")), participants, rate, seconds, started);
      return;
    }
    String secret = "bench-secret-" + Long.toHexString(System.nanoTime()) + "-0123456789abcdef";

    System.out.printf("live bench: %d participants, %d events/s for %d s%n", participants, rate, seconds);
    TestApp app = TestApp.start(Map.of("XIESHANG_AUTH_JWT_SECRET", secret, "XIESHANG_HTTP_API_RATE_PER_MINUTE", "1000000"));
    long sessionId = createMeeting(app, participants);
    long firstAccount = app.count("SELECT min(id) FROM account WHERE username LIKE 'bench-%'");
    String chair = app.login("chair");
    post(app, sessionId, chair, new JsonObject().put("type", "Open"));

    // --- the product: the SockJS bridge, the engine, the event log ---
    long heapBefore = usedHeapAfterGc();
    List<Process> clients = spawn("xieshang", app.app.port(), sessionId, firstAccount, participants, secret);
    int connected = awaitReady(clients);
    long heapAfter = usedHeapAfterGc();
    double heapPerConnection = (heapAfter - heapBefore) / (double) Math.max(1, connected);
    System.out.printf("connected %d sockets through the bridge (%s sockets registered); heap %.1f KB per connection%n",
        connected, app.app.fanout().sockets(LiveOwner.eventsAddress(sessionId)), heapPerConnection / 1024);
    HttpClient http = HttpClient.newHttpClient();
    long cpu0;
    int events = rate * seconds;
    Sender comment = (k, t) -> {
      JsonObject cmd = new JsonObject().put("type", "Comment").put("clientId", "bench-" + k)
          .put("text", "bench k=" + k + " t=" + t + " 请各分会场委员就农村人居环境整治发表意见");
      http.sendAsync(HttpRequest.newBuilder(URI.create(app.base() + "/api/live/" + sessionId + "/commands"))
          .header("Content-Type", "application/json").header("Authorization", "Bearer " + chair)
          .POST(HttpRequest.BodyPublishers.ofString(cmd.encode())).build(), HttpResponse.BodyHandlers.discarding());
    };
    // when each event left the owner (after its commit), to tell the command's path from the fan-out's
    Map<Integer, Long> published = new ConcurrentHashMap<>();
    Pattern mark = Pattern.compile("bench k=(\\d+) t=(\\d+)");
    // (on a worker thread, so that the event loops' writing does not delay the reading)
    app.vertx.deployVerticle(new VerticleBase() {
      @Override
      public Future<?> start() {
        return vertx.eventBus().<io.vertx.core.buffer.Buffer>consumer(org.xieshang.platform.realtime.Fanout.internal(LiveOwner.eventsAddress(sessionId)), m -> {
          Matcher found = mark.matcher(m.body().toString());
          if (found.find()) {
            published.putIfAbsent(Integer.parseInt(found.group(1)), LoadClient.epochMicros() - Long.parseLong(found.group(2)));
          }
        }).completion();
      }
    }, new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)).await(10, TimeUnit.SECONDS);
    drive(rate, WARM_UP, (k, t) -> comment.send(events + k, t));
    Thread.sleep(2000);
    System.out.println("product: measuring " + events + " events at " + java.time.LocalTime.now());
    cpu0 = cpuNanos();
    Map<String, Double> threads0 = ThreadCpu.snapshot();
    HistogramSnapshot commits0 = LiveOwner.commitTimer().takeSnapshot();
    drive(rate, events, comment);
    Thread.sleep(3000);
    Map<String, Double> threads1 = ThreadCpu.snapshot();
    HistogramSnapshot commits1 = LiveOwner.commitTimer().takeSnapshot();
    System.out.println("product: measured at " + java.time.LocalTime.now());
    Phase product = collect(clients, events, connected, cpuNanos() - cpu0);
    String sample = sampleFrame(app, sessionId);
    // what each socket receives from us is the SockJS-framed bridge frame: the baseline sends as many bytes
    int wireBytes = ("a" + new io.vertx.core.json.JsonArray().add(sample).encode()).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;

    // --- the baseline: plain Vert.x WebSocket broadcast of frames of the same size ---
    int basePort = freePort();
    String deployment = app.vertx.deployVerticle(() -> new BaselineServer(basePort), new DeploymentOptions().setInstances(2))
        .await(30, TimeUnit.SECONDS);
    List<Process> baseClients = spawn("baseline", basePort, sessionId, firstAccount, participants, secret);
    int baseConnected = awaitReady(baseClients);
    Sender broadcast = (k, t) -> BaselineServer.broadcast(pad(sample.replace("bench k=0 t=0", "bench k=" + k + " t=" + t),
        wireBytes));
    drive(rate, BASELINE_WARM_UP, (k, t) -> broadcast.send(events + k, t));
    Thread.sleep(2000);
    System.out.println("baseline: measuring at " + java.time.LocalTime.now());
    long cpu1 = cpuNanos();
    Map<String, Double> threads2 = ThreadCpu.snapshot();
    drive(rate, events, broadcast);
    Thread.sleep(3000);
    Map<String, Double> threads3 = ThreadCpu.snapshot();
    Phase baseline = collect(baseClients, events, baseConnected, cpuNanos() - cpu1);
    app.vertx.undeploy(deployment).await(30, TimeUnit.SECONDS);
    app.close();

    JsonObject result = new JsonObject()
        .put("participants", participants)
        .put("connected", connected)
        .put("rate", rate)
        .put("seconds", seconds)
        .put("events", events)
        .put("frame_bytes", wireBytes)
        .put("warm_up_events", WARM_UP).put("baseline_warm_up_events", BASELINE_WARM_UP)
        .put("p50_ms", round(product.pct(50)))
        .put("p99_ms", round(product.pct(99)))
        .put("max_ms", round(product.pct(100)))
        .put("lost", product.expected() - product.deliveries())
        .put("server_cpu_us_per_delivery", round(product.cpuMicrosPerDelivery()))
        .put("baseline_p50_ms", round(baseline.pct(50)))
        .put("baseline_p99_ms", round(baseline.pct(99)))
        .put("baseline_max_ms", round(baseline.pct(100)))
        .put("baseline_lost", baseline.expected() - baseline.deliveries())
        .put("baseline_server_cpu_us_per_delivery", round(baseline.cpuMicrosPerDelivery()))
        .put("cpu_ratio", round(product.cpuMicrosPerDelivery() / baseline.cpuMicrosPerDelivery()))
        // every event waits for its group commit: slow commits (the disk's fsync) explain slow events
        .put("commits", commits1.count() - commits0.count())
        .put("commits_over_100ms", slower(commits1, 100) - slower(commits0, 100))
        .put("commits_over_250ms", slower(commits1, 250) - slower(commits0, 250))
        .put("commits_over_1s", slower(commits1, 1000) - slower(commits0, 1000))
        .put("heap_bytes_per_connection", Math.round(heapPerConnection))
        .put("total_seconds", round((System.nanoTime() - started) / 1e9));
    System.out.println("server CPU µs per delivery by thread group: " + ThreadCpu.perDelivery(threads0, threads1, product.deliveries()));
    System.out.println("baseline, by thread group: " + ThreadCpu.perDelivery(threads2, threads3, baseline.deliveries()));
    System.out.println("slowest events (k:ms): " + product.slowest(6) + "; baseline: " + baseline.slowest(6));
    StringBuilder paths = new StringBuilder();
    product.slowestEvents(6).forEach(k -> paths.append(' ').append(k).append(':')
        .append(published.containsKey(k) ? Math.round(published.get(k) / 1000.0) : "?"));
    List<Long> toPublish = new ArrayList<>();
    for (int k = 1; k <= events; k++) {
      if (published.containsKey(k)) {
        toPublish.add(published.get(k));
      }
    }
    toPublish.sort(null);
    System.out.println("of which from sending the command to its publication after commit (k:ms): " + paths.toString().trim()
        + (toPublish.isEmpty() ? "" : "; median of all events " + Math.round(toPublish.get(toPublish.size() / 2) / 1000.0) + " ms"));
    System.out.println(result.encode());
    System.exit(0);
  }

  /**
   * --nodes N: the same meeting on N server processes clustered through Hazelcast, the participants
   * spread evenly over the nodes (each load process on one node's port), the chair on the first node;
   * then, in the same sitting, on one server process (not clustered) started the same way. Server CPU
   * is the sum over the server processes (the JDK's per-process CPU time), so both runs count the same
   * things: the HTTP command path, the owner, the event log, the fan-out and, with N nodes, the event
   * crossing the cluster once per node.
   */
  static void nodes(int n, int participants, int rate, int seconds, long started) throws Exception {
    System.out.printf("live bench: %d participants over %d nodes, %d events/s for %d s; then the same on one node%n",
        participants, n, rate, seconds);
    Phase cluster = onProcesses(n, participants, rate, seconds);
    Phase single = onProcesses(1, participants, rate, seconds);
    for (Phase ph : List.of(cluster, single)) {
      System.out.printf("%s: %d connected, p50 %.1f ms, p99 %.1f ms, max %.1f ms, lost %d, server CPU %.2f µs per delivery%n",
          ph == cluster ? n + " nodes" : "1 node", ph.connected(), ph.pct(50), ph.pct(99), ph.pct(100),
          ph.expected() - ph.deliveries(), ph.cpuMicrosPerDelivery());
    }
    JsonObject result = new JsonObject().put("nodes", n).put("participants", participants).put("connected", cluster.connected())
        .put("rate", rate).put("seconds", seconds).put("events", rate * seconds)
        .put("p50_ms", round(cluster.pct(50))).put("p99_ms", round(cluster.pct(99))).put("max_ms", round(cluster.pct(100)))
        .put("lost", cluster.expected() - cluster.deliveries())
        .put("server_cpu_us_per_delivery", round(cluster.cpuMicrosPerDelivery()))
        .put("single_node_p50_ms", round(single.pct(50))).put("single_node_p99_ms", round(single.pct(99)))
        .put("single_node_lost", single.expected() - single.deliveries())
        .put("single_node_server_cpu_us_per_delivery", round(single.cpuMicrosPerDelivery()))
        .put("cpu_ratio_to_single_node", round(cluster.cpuMicrosPerDelivery() / single.cpuMicrosPerDelivery()))
        .put("total_seconds", round((System.nanoTime() - started) / 1e9));
    System.out.println(result.encode());
    System.exit(0);
  }

  /** One measured run on n server processes (n = 1: a single node, not clustered). */
  static Phase onProcesses(int n, int participants, int rate, int seconds) throws Exception {
    org.xieshang.platform.db.DbAddress db = org.xieshang.support.TestDatabase.fresh();
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("xieshang-live-bench");
    String[] jvm = {"-Xmx1500m"};
    Map<String, String> env = Map.of("XIESHANG_HTTP_API_RATE_PER_MINUTE", "10000000");
    List<org.xieshang.support.ProductProcess> servers = new ArrayList<>();
    org.xieshang.support.LocalCluster cluster = null;
    if (n == 1) {
      org.xieshang.support.ProductProcess p = org.xieshang.support.ProductProcess.on(dir.resolve("node"), db).jvmOptions(jvm);
      env.forEach(p::with);
      p.start();
      servers.add(p);
    } else {
      cluster = org.xieshang.support.LocalCluster.start(n, dir, db, env, jvm);
      servers.addAll(cluster.nodes);
    }
    List<Process> clients = new ArrayList<>();
    try {
      org.xieshang.support.ProductProcess first = servers.get(0);
      long sessionId = createMeeting(db, participants, 300);
      long firstAccount = first.count("SELECT min(id) FROM account WHERE username LIKE 'bench-%'");
      String chair = first.login("chair");
      TestApp.Reply opened = first.post("/api/live/" + sessionId + "/commands", new JsonObject().put("type", "Open"), chair);
      if (opened.status() != 200) {
        throw new IllegalStateException(opened.toString());
      }
      int share = (participants + n - 1) / n;
      for (int i = 0; i < n; i++) {
        int from = i * share;
        int count = Math.min(share, participants - from);
        clients.addAll(spawn("xieshang", servers.get(i).port, sessionId, firstAccount + from, count, FailoverBench.SECRET));
      }
      int connected = awaitReady(clients);
      System.out.printf("%d node(s): %d sockets connected through the bridge%n", n, connected);
      HttpClient http = HttpClient.newHttpClient();
      int events = rate * seconds;
      URI commands = URI.create(first.base() + "/api/live/" + sessionId + "/commands");
      Sender comment = (k, t) -> {
        JsonObject cmd = new JsonObject().put("type", "Comment").put("clientId", "bench-" + k)
            .put("text", "bench k=" + k + " t=" + t + " 请各分会场委员就农村人居环境整治发表意见");
        http.sendAsync(HttpRequest.newBuilder(commands).header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + chair).POST(HttpRequest.BodyPublishers.ofString(cmd.encode())).build(),
            HttpResponse.BodyHandlers.discarding());
      };
      drive(rate, WARM_UP, (k, t) -> comment.send(events + k, t));
      Thread.sleep(2000);
      long cpu0 = serverCpuNanos(servers);
      drive(rate, events, comment);
      Thread.sleep(3000);
      long cpu = serverCpuNanos(servers) - cpu0;
      Phase phase = collect(clients, events, connected, cpu);
      clients.clear();
      return phase;
    } finally {
      clients.forEach(Process::destroyForcibly);
      if (cluster != null) {
        cluster.close();
      } else {
        servers.forEach(org.xieshang.support.ProductProcess::close);
      }
    }
  }

  static long serverCpuNanos(List<org.xieshang.support.ProductProcess> servers) {
    long total = 0;
    for (org.xieshang.support.ProductProcess p : servers) {
      total += ProcessHandle.of(p.pid()).flatMap(h -> h.info().totalCpuDuration()).map(java.time.Duration::toNanos)
          .orElseThrow(() -> new IllegalStateException("no CPU time for server " + p.pid()));
    }
    return total;
  }

  interface Sender {
    void send(int k, long micros);
  }

  /** Sends events 1..n at a steady rate. */
  static void drive(int rate, int events, Sender sender) {
    long period = 1_000_000_000L / rate;
    long start = System.nanoTime();
    for (int k = 1; k <= events; k++) {
      long due = start + (k - 1) * period;
      long wait;
      while ((wait = due - System.nanoTime()) > 0) {
        LockSupport.parkNanos(wait);
      }
      sender.send(k, LoadClient.epochMicros());
    }
  }

  /** Pads a frame with spaces inside its JSON to the given number of bytes. */
  static String pad(String frame, int bytes) {
    int missing = bytes - frame.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    return missing <= 0 ? frame : frame.substring(0, frame.length() - 1) + " ".repeat(missing) + "}";
  }

  static long createMeeting(TestApp app, int n) throws Exception {
    return createMeeting(app.db, n, 300);
  }

  /** A meeting of the chair and n bench accounts (bench-1 … bench-n) spread over the venues, written straight to the database. */
  static long createMeeting(org.xieshang.platform.db.DbAddress db, int n, int speakingSeconds) throws Exception {
    try (Connection c = org.xieshang.support.TestDatabase.jdbc(db); Statement s = c.createStatement()) {
      s.execute("""
          INSERT INTO activity (type, title, topic, organization_id, scheduled_start, scheduled_end)
          SELECT 'REMOTE_CONSULTATION', '性能测试远程协商会', '农村人居环境整治', id, now(), now() + interval '2 hours'
            FROM organization WHERE name = '资阳市政协'""");
      long id;
      try (var rs = s.executeQuery("SELECT max(id) FROM activity")) {
        rs.next();
        id = rs.getLong(1);
      }
      s.execute("INSERT INTO venue (activity_id, name, kind, organization_id) SELECT " + id
          + ", name || '会场', CASE level WHEN 'CITY' THEN 'MAIN' ELSE 'BRANCH' END, id FROM organization");
      s.execute("INSERT INTO agenda_item (activity_id, position, title, planned_minutes, speaking_seconds) VALUES ("
          + id + ", 1, '委员发言', 60, " + speakingSeconds + ")");
      s.execute("INSERT INTO roster_entry (activity_id, account_id, role, venue_id, invitation) SELECT " + id
          + ", a.id, 'CHAIR', v.id, 'ACCEPTED' FROM account a, venue v WHERE a.username = 'chair' AND v.activity_id = "
          + id + " AND v.kind = 'MAIN'");
      s.execute("INSERT INTO account (username, display_name, roles) SELECT 'bench-' || g, '测试委员' || g, ARRAY['MEMBER']"
          + " FROM generate_series(1, " + n + ") g");
      s.execute("""
          INSERT INTO roster_entry (activity_id, account_id, role, venue_id, invitation)
          SELECT %d, a.id, 'MEMBER', (SELECT id FROM venue WHERE activity_id = %d ORDER BY id OFFSET (a.id %% 4) LIMIT 1),
                 'ACCEPTED'
            FROM account a WHERE a.username LIKE 'bench-%%'""".formatted(id, id));
      return id;
    }
  }

  static void post(TestApp app, long sessionId, String token, JsonObject command) {
    TestApp.Reply r = app.post("/api/live/" + sessionId + "/commands", command, token);
    if (r.status() != 200) {
      throw new IllegalStateException(r.toString());
    }
  }

  static String sampleFrame(TestApp app, long sessionId) throws Exception {
    LiveStore.LogRow row = LiveStore.events(app.app.pool(), sessionId, 1, 1).await(10, TimeUnit.SECONDS).get(0);
    String text = row.data().getString("text");
    return new JsonObject().put("type", "rec").put("address", "live." + sessionId + ".events")
        .put("body", row.envelope()).encode().replace(text.substring(0, text.indexOf(' ', text.indexOf("t="))),
            "bench k=0 t=0");
  }

  static List<Process> spawn(String mode, int port, long sessionId, long firstAccount, int participants, String secret)
      throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    String cp = System.getProperty("java.class.path");
    List<Process> out = new ArrayList<>();
    for (int from = 0; from < participants; from += PER_PROCESS) {
      int count = Math.min(PER_PROCESS, participants - from);
      List<String> command = new ArrayList<>();
      // the load stands in for 10,000 phones elsewhere: on the two shared cores it runs behind the server
      // and the database (nice 10; XIESHANG_BENCH_LOAD_NICE=0 to run it level), in both phases alike
      String nice = System.getenv().getOrDefault("XIESHANG_BENCH_LOAD_NICE", "10");
      if (!nice.isBlank() && !nice.equals("0")) {
        command.addAll(List.of("nice", "-n", nice));
      }
      command.addAll(List.of(java, "-Xmx700m", "-XX:+UseSerialGC"));
      // e.g. -Xlog:gc:file=/tmp/load-%p.log:time, to tell the load's pauses from the server's
      String loadOpts = System.getenv().getOrDefault("XIESHANG_BENCH_LOAD_JAVA_OPTS", "");
      if (!loadOpts.isBlank()) {
        command.addAll(List.of(loadOpts.trim().split("\\s+")));
      }
      command.addAll(List.of("-cp", cp, LoadClient.class.getName(), mode,
          Integer.toString(port), Long.toString(sessionId), Long.toString(firstAccount + from), Integer.toString(count),
          secret, Long.toString(PING_MILLIS)));
      out.add(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
    }
    return out;
  }

  static int awaitReady(List<Process> clients) throws Exception {
    int connected = 0;
    for (Process p : clients) {
      BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()));
      String line;
      while ((line = r.readLine()) != null && !line.startsWith("READY")) {
        System.out.println("  client: " + line);
      }
      if (line == null) {
        throw new IllegalStateException("a load process ended before it was ready");
      }
      String[] parts = line.split(" ");
      connected += Integer.parseInt(parts[1]);
      if (!parts[2].equals("0")) {
        System.out.println("  connection failures: " + parts[2]);
      }
    }
    return connected;
  }

  static Phase collect(List<Process> clients, int events, int connected, long cpuNanos) throws Exception {
    long[] count = new long[events + 1];
    long[] latest = new long[events + 1];
    for (Process p : clients) {
      PrintWriter w = new PrintWriter(p.getOutputStream(), true);
      w.println("STOP");
      BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()));
      String line;
      while ((line = r.readLine()) != null && !line.equals("DONE")) {
        if (line.startsWith("READY")) {
          continue;
        }
        String[] parts = line.split(" ");
        if (parts[0].equals("K")) {
          int k = Integer.parseInt(parts[1]);
          if (k >= 1 && k <= events) {
            count[k] += Long.parseLong(parts[2]);
            latest[k] = Math.max(latest[k], Long.parseLong(parts[3]));
          }
        }
      }
      p.waitFor(30, TimeUnit.SECONDS);
    }
    List<Double> latencies = new ArrayList<>();
    long deliveries = 0;
    for (int k = 1; k <= events; k++) {
      deliveries += count[k];
      if (count[k] > 0) {
        latencies.add(latest[k] / 1000.0);
      }
    }
    return new Phase(latencies, deliveries, (long) events * connected, cpuNanos, connected);
  }

  static long cpuNanos() {
    return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /** How many commits took longer than {@code millis} (one of the timer's service-level objectives). */
  static long slower(HistogramSnapshot s, long millis) {
    for (CountAtBucket b : s.histogramCounts()) {
      if (Math.round(b.bucket(TimeUnit.MILLISECONDS)) == millis) {
        return s.count() - Math.round(b.count());
      }
    }
    throw new IllegalArgumentException("no bucket at " + millis + " ms");
  }

  static long usedHeapAfterGc() throws InterruptedException {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return memory.getHeapMemoryUsage().getUsed();
  }

  static int freePort() throws Exception {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  static Map<String, String> options(String[] args) {
    Map<String, String> out = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].startsWith("--") && i + 1 < args.length) {
        out.put(args[i].substring(2), args[++i]);
      } else {
        throw new IllegalArgumentException("unknown argument " + args[i] + " (" + Arrays.toString(args) + ")");
      }
    }
    return out;
  }

}
