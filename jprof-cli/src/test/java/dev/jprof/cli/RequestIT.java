package dev.jprof.cli;

import dev.jprof.agent.request.TriggerSignature;
import dev.jprof.capture.attach.JvmConnection;
import dev.jprof.capture.request.RequestProfiler;
import dev.jprof.capture.request.RequestProfiles;
import dev.jprof.capture.request.RequestResults;
import dev.jprof.capture.request.RequestRun;
import dev.jprof.capture.request.RequestSettings;
import dev.jprof.capture.request.SampledStack;
import dev.jprof.capture.request.SentRequest;
import dev.jprof.capture.request.SqlStatement;
import dev.jprof.capture.request.TracedCall;
import dev.jprof.model.Attributes;
import dev.jprof.model.Profile;
import dev.jprof.render.RenderOptions;
import dev.jprof.render.json.JsonWriter;
import dev.jprof.testapps.web.SplitWork;
import jdk.management.jfr.FlightRecorderMXBean;
import jdk.management.jfr.RecordingInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code jprof request} against real servers started without jprof (the JDK's HttpServer, embedded Jetty 12 ee10
 * and Tomcat 11 with Jakarta Servlet 6, Tomcat's servlets in a web application class loader, and an embedded Jetty 12
 * ee8 with javax.servlet 4, each with a background thread burning CPU all the time it is under test, on JDK 25 when
 * it is installed; and a quiet JDK HttpServer on JDK 17), a real client (the JDK's HttpClient) and a real database
 * (H2 in memory, through JDBC). The 70/30 split is checked where JFR samples by CPU time (JDK 25): before, JFR's execution sampler
 * takes threads that are in Java code whether or not they are on a CPU, so on an oversubscribed machine its
 * samples follow wall time.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestIT {
    enum Target {
        JDK_HTTP_SERVER(WebServer.Kind.JDK_HTTP_SERVER, true), JETTY_SERVLET(WebServer.Kind.JETTY_SERVLET, true),
        TOMCAT_SERVLET(WebServer.Kind.TOMCAT_SERVLET, true), JETTY_JAVAX_SERVLET(WebServer.Kind.JETTY_JAVAX_SERVLET, true),
        JDK_HTTP_SERVER_17(WebServer.Kind.JDK_HTTP_SERVER, false);

        final WebServer.Kind kind;
        final boolean busy;

        Target(WebServer.Kind kind, boolean busy) {
            this.kind = kind;
            this.busy = busy;
        }
    }

    private final Map<Target, WebServer> servers = new EnumMap<>(Target.class);
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    @TempDir
    Path work;

    @BeforeAll
    void startServers() throws Exception {
        for (Target target : Target.values()) {
            String java = target.busy ? Jprof.java25().orElse(Jprof.java17()) : Jprof.java17();
            WebServer server = WebServer.start(target.kind, java, target.busy);
            server.pauseBackground(true);
            servers.put(target, server);
        }
    }

    /** The target's server, its background thread burning if it is a busy one, and the other servers' paused. */
    private WebServer server(Target target) throws Exception {
        for (Map.Entry<Target, WebServer> e : servers.entrySet()) {
            if (e.getKey().busy) e.getValue().pauseBackground(e.getKey() != target);
        }
        return servers.get(target);
    }

    @AfterAll
    void stopServers() throws Exception {
        for (WebServer server : servers.values()) server.close();
    }

    private RequestSettings settings(int max) {
        return RequestSettings.defaults().withKeyFile(work.resolve("keys").resolve("request.key")).withMaxRequests(max);
    }

    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"JDK_HTTP_SERVER", "JETTY_SERVLET", "TOMCAT_SERVLET", "JETTY_JAVAX_SERVLET"})
    void oneRequestShowsItsOwnSplitAndNothingOfTheBackgroundThread(Target target) throws Exception {
        WebServer server = server(target);
        RequestResults results;
        SentRequest sent;
        try (RequestProfiler profiler = RequestProfiler.attach(server.pid(), settings(1))) {
            sent = profiler.send(HttpRequest.newBuilder(server.uri("/split")).build());
            results = profiler.finish();
        }
        assertThat(sent.status()).isEqualTo(200);
        assertThat(results.runs()).hasSize(1);
        RequestRun run = results.runs().get(0);
        assertThat(run.nonce()).isEqualTo(sent.nonce());
        assertThat(run.path()).isEqualTo("/split");
        assertThat(run.threadName()).isNotEqualTo("busy-background");
        assertThat(run.cpuNanos()).isGreaterThan(900_000_000L);
        assertThat(run.wallNanos()).isGreaterThanOrEqualTo(run.cpuNanos() * 9 / 10);
        assertThat(run.allocatedBytes()).isGreaterThanOrEqualTo(0);

        // sampled: 70/30 within 10 points, nothing of the background thread
        long heavy = 0;
        long light = 0;
        int heavySamples = 0;
        int lightSamples = 0;
        for (SampledStack s : run.samples()) {
            assertThat(s.rootFirst()).noneMatch(f -> f.method().equals("burnForever"));
            if (s.waiting()) continue;
            if (s.rootFirst().stream().anyMatch(f -> f.className().endsWith("SplitWork") && f.method().equals("heavy"))) {
                heavy += s.weightNanos();
                heavySamples++;
            }
            if (s.rootFirst().stream().anyMatch(f -> f.className().endsWith("SplitWork") && f.method().equals("light"))) {
                light += s.weightNanos();
                lightSamples++;
            }
        }
        assertThat(run.samples().stream().filter(s -> !s.waiting()).count()).as("running samples").isGreaterThan(30);
        long samples = run.samples().stream().filter(s -> !s.waiting()).count();
        assertThat(100.0 * heavy / (heavy + light)).as("sampled share of heavy (%d samples: %d in heavy, %d in light; %s; wall %d ms)",
                samples, heavySamples, lightSamples, results.engine(), run.wallNanos() / 1_000_000).isBetween(60.0, 80.0);

        // traced: exact calls; wall-clock times, so on a loaded machine their split is not the CPU split
        assertThat(tracedCalls(results, run, "heavy")).isEqualTo(1);
        assertThat(tracedCalls(results, run, "light")).isEqualTo(1);
        assertThat(tracedCalls(results, run, "run")).isEqualTo(1);
        assertThat(tracedTotal(results, run, "heavy")).isGreaterThan(tracedTotal(results, run, "light")).isGreaterThan(200_000_000L);
        assertThat(calledIn(results, run, "burnForever")).isFalse();
        assertThat(results.methods().values()).noneMatch(m -> m.className().startsWith("org.eclipse.jetty.") || m.className().startsWith("org.apache."));

        Profile profile = RequestProfiles.of(results, List.of(results.runs()), List.of("request"), "split");
        Set<String> threads = new TreeSet<>();
        for (int t = 0; t < profile.threadCount(); t++) threads.add(profile.threadName(t));
        assertThat(threads).containsExactly("request: sampled", "request: traced");

        assertServesNormallyWithNothingLeft(server);
    }

    /**
     * A request that starts async and is completed (or dispatched back and written) by another thread: it is profiled
     * on its thread up to its servlet's return and says it went async, with no status; the other thread's work is not
     * in it, an async dispatch is no second request (nor a replayed trigger), and the client gets its answer.
     */
    @ParameterizedTest
    @CsvSource({"TOMCAT_SERVLET, /async", "TOMCAT_SERVLET, /async-dispatch", "JETTY_SERVLET, /async-dispatch"})
    void asyncRequestIsProfiledOnItsThreadUpToItsServletsReturnAndSaysSo(Target target, String path) throws Exception {
        WebServer server = server(target);
        RequestResults results;
        SentRequest sent;
        try (RequestProfiler profiler = RequestProfiler.attach(server.pid(), settings(2))) {
            sent = profiler.send(HttpRequest.newBuilder(server.uri(path)).build());
            results = profiler.finish();
        }
        assertThat(sent.status()).isEqualTo(200);
        assertThat(sent.bodyBytes()).isGreaterThan("split \n".length());
        assertThat(results.runs()).hasSize(1);
        assertThat(results.refused("replayed")).isZero();
        RequestRun run = results.runs().get(0);
        assertThat(run.async()).isTrue();
        assertThat(run.status()).isEqualTo(-1);
        assertThat(run.cpuNanos()).isLessThan(SplitWork.TOTAL_NANOS / 10);
        assertThat(run.samples()).noneMatch(st -> st.rootFirst().stream().anyMatch(f -> f.method().equals("heavy") || f.method().equals("burnForever")));
        assertThat(tracedCalls(results, run, "heavy")).isZero();
        Profile profile = RequestProfiles.ofRequest(results, run);
        assertThat(profile.attribute(Attributes.REQUEST_ASYNC)).isEqualTo("true");
        assertServesNormallyWithNothingLeft(server);
    }

    private static long tracedTotal(RequestResults results, RequestRun run, String method) {
        long total = 0;
        for (TracedCall call : run.calls()) {
            var m = results.methods().get(call.method());
            if (m.className().endsWith("SplitWork") && m.name().equals(method)) total += call.totalNanos();
        }
        return total;
    }

    private static long tracedCalls(RequestResults results, RequestRun run, String method) {
        long calls = 0;
        for (TracedCall call : run.calls()) {
            var m = results.methods().get(call.method());
            if (m.className().endsWith("SplitWork") && m.name().equals(method)) calls += call.calls();
        }
        return calls;
    }

    private static boolean calledIn(RequestResults results, RequestRun run, String method) {
        return run.calls().stream().anyMatch(c -> results.methods().get(c.method()).name().equals(method));
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void sqlStatementsShowWithTheirCountsAndWithoutTheirValues(Target target) throws Exception {
        WebServer server = server(target);
        RequestResults results;
        try (RequestProfiler profiler = RequestProfiler.attach(server.pid(), settings(1))) {
            assertThat(profiler.send(HttpRequest.newBuilder(server.uri("/sql")).build()).status()).isEqualTo(200);
            results = profiler.finish();
        }
        assertThat(results.runs()).hasSize(1);
        List<SqlStatement> statements = results.runs().get(0).statements();
        assertThat(statements).extracting(SqlStatement::text, SqlStatement::count).containsExactly(
                org.assertj.core.groups.Tuple.tuple("SELECT name FROM items WHERE id = ?", 1L),
                org.assertj.core.groups.Tuple.tuple("UPDATE items SET qty = qty + ? WHERE name = ?", 2L),
                org.assertj.core.groups.Tuple.tuple("SELECT COUNT(*) FROM items WHERE qty > ?", 1L));
        assertThat(statements).allMatch(s -> s.totalNanos() > 0);

        Profile profile = RequestProfiles.of(results, List.of(results.runs()), List.of("request"), "sql");
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        new JsonWriter().render(profile, RenderOptions.defaults(), json);
        String text = json.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("UPDATE items SET qty = qty + ? WHERE name = ?", RequestProfiles.SQL_ROOT)
                .doesNotContain("secret-name", "id = 4242", "qty + 77");
        assertServesNormallyWithNothingLeft(server);
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void forgedExpiredAndReplayedTriggersAreServedNotProfiledAndCounted(Target target) throws Exception {
        WebServer server = server(target);
        URI hello = server.uri("/hello");
        HttpResponse<String> plain = get(hello, null);
        RequestResults results;
        try (RequestProfiler profiler = RequestProfiler.attach(server.pid(), settings(5))) {
            long now = System.currentTimeMillis() / 1000;
            byte[] otherKey = "not the profiling user's secret!".getBytes(StandardCharsets.US_ASCII);
            String valid = profiler.trigger("GET", hello);
            List<String> triggers = List.of(
                    TriggerSignature.sign(otherKey, "GET", "/hello", now + 60, "f0f0f0"),          // forged: another key
                    "v1:" + (now + 60) + ":abc:AAAA",                                               // forged: made up
                    profiler.trigger("POST", hello),                                                // forged: signed for another method
                    profiler.trigger("GET", hello, now - 5, "e1e1e1"),                              // expired
                    valid,                                                                          // profiled
                    valid);                                                                         // replayed
            for (String trigger : triggers) {
                HttpResponse<String> response = get(hello, trigger);
                assertThat(response.statusCode()).isEqualTo(plain.statusCode());
                assertThat(response.body()).isEqualTo(plain.body());
                assertThat(response.headers().map().keySet()).doesNotContain(TriggerSignature.HEADER, TriggerSignature.HEADER.toLowerCase())
                        .containsExactlyInAnyOrderElementsOf(plain.headers().map().keySet());
            }
            results = profiler.finish();
        }
        assertThat(results.refused("forged")).isEqualTo(3);
        assertThat(results.refused("expired")).isEqualTo(1);
        assertThat(results.refused("replayed")).isEqualTo(1);
        assertThat(results.runs()).hasSize(1);
        assertServesNormallyWithNothingLeft(server);
    }

    @Test
    void commandProfilesRepeatedRequestsAndPrintsTheSummary() throws Exception {
        WebServer server = server(Target.JDK_HTTP_SERVER_17);
        Path html = work.resolve("split.html");
        Jprof.Result result = Jprof.run(work, "request", "--pid", Long.toString(server.pid()), "--key", work.resolve("k/request.key").toString(),
                "--repeat", "3", server.uri("/split").toString(), "-o", html.toString());
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).contains("jprof request: GET " + server.uri("/split") + ", 3 runs", "SplitWork.heavy", "SplitWork.light",
                "runs 2-3: wall median", "triggers refused by the agent: 0 forged, 0 expired, 0 replayed, 0 over the limit");
        assertThat(result.stdout().lines().filter(l -> l.matches("\\s+[123]\\s+200\\s.*"))).hasSize(3);
        assertThat(result.stderr()).contains("jprof: wrote " + html);
        assertThat(Files.readString(html)).contains("runs 2-3: sampled", "run 1 (warm-up): traced");
        assertThat(Files.getPosixFilePermissions(work.resolve("k/request.key")))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        assertServesNormallyWithNothingLeft(server);
    }

    @Test
    void badInputEndsWithOneLine() throws Exception {
        WebServer server = server(Target.JDK_HTTP_SERVER_17);
        String key = work.resolve("k2/request.key").toString();
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Path looseKey = work.resolve("loose.key");
        Files.write(looseKey, new byte[32]);
        Files.setPosixFilePermissions(looseKey, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        List<List<String>> cases = List.of(
                List.of("request", "--pid", Long.toString(server.pid()), "--key", looseKey.toString(), server.uri("/split").toString()),
                List.of("request", "--pid", Long.toString(server.pid()), "--key", key, "ftp://127.0.0.1/x"),
                List.of("request", "--pid", Long.toString(server.pid()), "--key", key, "http://127.0.0.1:" + closedPort + "/split"),
                List.of("request", "--pid", "2147483000", "--key", key, server.uri("/split").toString()));
        for (List<String> args : cases) {
            Jprof.Result result = Jprof.run(work, args.toArray(new String[0]));
            assertThat(result.exitCode()).as(result.toString()).isNotZero();
            assertThat(result.stderr().strip().lines()).as(result.toString()).hasSize(1);
            assertThat(result.stderr()).doesNotContain("Exception", "\tat ");
        }
        assertServesNormallyWithNothingLeft(server);
    }

    private HttpResponse<String> get(URI uri, String trigger) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
        if (trigger != null) request.header(TriggerSignature.HEADER, trigger);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The server answers as before, and runs no thread and no recording of jprof's. */
    private void assertServesNormallyWithNothingLeft(WebServer server) throws Exception {
        HttpResponse<String> response = get(server.uri("/hello"), null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("hello\n");
        assertThat(server.isAlive()).isTrue();
        try (JvmConnection jvm = JvmConnection.open(server.pid())) {
            for (ThreadInfo info : jvm.threads().dumpAllThreads(false, false)) {
                assertThat(info.getThreadName()).doesNotStartWith("jprof-request");
            }
            FlightRecorderMXBean jfr = ManagementFactory.newPlatformMXBeanProxy(jvm.mbeans(), "jdk.management.jfr:type=FlightRecorder",
                    FlightRecorderMXBean.class);
            assertThat(jfr.getRecordings()).extracting(RecordingInfo::getName).doesNotContain("jprof-request");
        }
        assertThat(server.stderr()).doesNotContain("jprof agent: ");
    }
}
