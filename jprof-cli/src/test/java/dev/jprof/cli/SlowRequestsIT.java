package dev.jprof.cli;

import dev.jprof.capture.ProfileFiles;
import dev.jprof.model.Attributes;
import dev.jprof.model.Profile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code jprof record --requests slower-than=...}: real servers (the JDK's HttpServer launched under jprof; embedded
 * Jetty 12 ee10 and Tomcat 11 with Jakarta Servlet, and Jetty 12 ee8 with javax.servlet, attached to by pid), each with
 * a background thread burning CPU all the time, real clients; fast requests (/hello) are served and not kept, slow ones
 * (/split, a second of CPU) are kept, each a JSON profile with its own hot methods and nothing of the background thread,
 * the oldest removed beyond --keep.
 */
class SlowRequestsIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    @TempDir
    Path work;

    @Test
    void launchedServerKeepsOnlyItsSlowRequestsWithinTheBound() throws Exception {
        Path dir = work.resolve("profiles");
        String classPath = WebServer.classPath(WebServer.Kind.JDK_HTTP_SERVER);
        Path out = work.resolve("out.txt");
        Path err = work.resolve("err.txt");
        Process jprof = new ProcessBuilder(Jprof.java17(), "-jar", Jprof.JAR.toAbsolutePath().toString(), "record",
                "--requests", "slower-than=800ms", "--keep", "2", "-o", dir.toString(), "--",
                Jprof.java17(), "-cp", classPath, "dev.jprof.testapps.web.JdkHttpServerApp", "200", "busy")
                .directory(work.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            String ready = waitFor(out, s -> s.contains("ready "));
            String[] f = ready.substring(ready.indexOf("ready ")).split("\\s+");
            long pid = Long.parseLong(f[1]);
            int port = Integer.parseInt(f[2]);
            for (int i = 0; i < 30; i++) assertThat(get(port, "/hello")).isEqualTo("hello\n");
            for (int i = 0; i < 3; i++) {
                assertThat(get(port, "/split?id=" + i)).startsWith("split ");
                for (int j = 0; j < 5; j++) assertThat(get(port, "/hello?name=x" + j)).isEqualTo("hello\n");
            }
            waitFor(err, s -> s.split("jprof: kept ", -1).length - 1 >= 3);
            assertThat(get(port, "/hello")).isEqualTo("hello\n");
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
            assertThat(jprof.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            jprof.descendants().forEach(ProcessHandle::destroyForcibly);
            jprof.destroyForcibly();
        }
        String stderr = Files.readString(err);
        assertThat(stderr).contains("jprof: keeping the profiles of requests slower than 800.00 ms")
                .contains("jprof: 3 slow requests kept; 2 profiles in").doesNotContain("/hello").doesNotContain("Exception");
        List<Path> kept = jsonFiles(dir);
        assertThat(kept).hasSize(2).allMatch(p -> p.getFileName().toString().endsWith("-GET-split.json"));
        assertThat(Files.readString(kept.get(1))).contains("/split?id=?");
        for (Path p : kept) assertSlowSplit(ProfileFiles.read(p));
        // the oldest went: the two kept are the second and third of the three
        assertThat(stderr.substring(stderr.indexOf("jprof: kept ")).lines().filter(l -> l.startsWith("jprof: kept ")).map(l -> l.substring(l.lastIndexOf(' ') + 1)).toList())
                .hasSize(3).endsWith(kept.get(0).toString(), kept.get(1).toString());
    }

    @ParameterizedTest
    @EnumSource(value = WebServer.Kind.class, names = {"JETTY_SERVLET", "TOMCAT_SERVLET", "JETTY_JAVAX_SERVLET"})
    void attachedServletServerKeepsItsSlowRequestAndAnswersNormallyAfter(WebServer.Kind kind) throws Exception {
        String java = Jprof.java25().orElse(Jprof.java17());
        Path dir = work.resolve("kept");
        try (WebServer server = WebServer.start(kind, java, true)) {
            Path err = work.resolve("err.txt");
            Process jprof = new ProcessBuilder(Jprof.java17(), "-jar", Jprof.JAR.toAbsolutePath().toString(), "record",
                    "--pid", Long.toString(server.pid()), "--requests", "slower-than=800ms", "--duration", "10s", "-o", dir.toString())
                    .directory(work.toFile()).redirectOutput(work.resolve("out.txt").toFile()).redirectError(err.toFile()).start();
            try {
                waitFor(err, s -> s.contains("jprof: keeping the profiles"));
                for (int i = 0; i < 10; i++) assertThat(get(server.uri("/hello"))).isEqualTo("hello\n");
                assertThat(get(server.uri("/split"))).startsWith("split ");
                assertThat(jprof.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(jprof.exitValue()).as(Files.readString(err)).isZero();
            } finally {
                jprof.destroyForcibly();
            }
            assertThat(Files.readString(err)).contains("jprof: 1 slow request kept; 1 profile in");
            List<Path> kept = jsonFiles(dir);
            assertThat(kept).hasSize(1);
            assertSlowSplit(ProfileFiles.read(kept.get(0)));
            assertThat(server.isAlive()).isTrue();
            assertThat(get(server.uri("/hello"))).isEqualTo("hello\n");
            assertThat(server.stderr()).doesNotContain("Exception");
        }
    }

    /** A kept /split: its metadata, its own hot methods sampled, nothing of the background thread. */
    private static void assertSlowSplit(Profile profile) {
        assertThat(profile.attribute(Attributes.REQUEST_METHOD)).isEqualTo("GET");
        assertThat(profile.attribute(Attributes.REQUEST_URL)).startsWith("/split");
        assertThat(profile.attribute(Attributes.REQUEST_STATUS)).isEqualTo("200");
        assertThat(Long.parseLong(profile.attribute(Attributes.REQUEST_WALL_NANOS))).isGreaterThan(300_000_000L);
        assertThat(Long.parseLong(profile.attribute(Attributes.REQUEST_CPU_NANOS))).isGreaterThan(800_000_000L);
        assertThat(Long.parseLong(profile.attribute(Attributes.REQUEST_ALLOCATED_BYTES))).isGreaterThanOrEqualTo(0);
        assertThat(profile.attribute(Attributes.START_MILLIS)).isNotNull();
        long heavy = 0;
        long light = 0;
        int wall = profile.valueTypeIndex("wall");
        for (int s = 0; s < profile.sampleCount(); s++) {
            int stack = profile.sampleStack(s);
            String in = "";
            for (int frame : profile.stackFrames(stack)) {
                assertThat(profile.frameMethod(frame)).isNotEqualTo("burnForever");
                if (profile.frameMethod(frame).equals("heavy") || profile.frameMethod(frame).equals("light")) in = profile.frameMethod(frame);
            }
            if (in.equals("heavy")) heavy += profile.value(wall, s);
            if (in.equals("light")) light += profile.value(wall, s);
        }
        // 70/30 by CPU; on a loaded machine the request's wall time is mostly waiting for a core, so compare the two
        assertThat(heavy).as("heavy's time against light's (%d)", light).isGreaterThan(light);
    }

    private String get(int port, String path) throws Exception {
        return get(URI.create("http://127.0.0.1:" + port + path));
    }

    private String get(URI uri) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static List<Path> jsonFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        }
    }

    private static String waitFor(Path file, Predicate<String> done) throws Exception {
        long end = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < end) {
            String text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
            if (done.test(text)) return text;
            if (text.contains("jprof: ") && text.lines().anyMatch(l -> l.startsWith("jprof: ") && !l.startsWith("jprof: keeping")
                    && !l.startsWith("jprof: kept") && !l.startsWith("jprof: preparing"))) {
                throw new AssertionError("jprof failed:\n" + text);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting on " + file + ":\n" + (Files.exists(file) ? Files.readString(file) : "(none)"));
    }
}
