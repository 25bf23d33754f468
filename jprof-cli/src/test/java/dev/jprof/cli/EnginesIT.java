package dev.jprof.cli;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The engines: auto's choice, async-profiler at launch and attach, and the fallbacks when it cannot run. */
class EnginesIT {
    @TempDir
    Path dir;

    static Stream<String> jdks() {
        return Stream.concat(Stream.of(Jprof.java17()), Jprof.java25().stream());
    }

    private List<String> cpuSplit(String java) {
        return List.of("--", java, "-cp", Jprof.TEST_CLASSES.toString(), "-Dtestapps.truth=truth.txt", "dev.jprof.testapps.CpuSplit", "4");
    }

    /** CpuSplit for 4 s at 2 ms: over 1,000 samples of a 50/30/20 split on an idle core, so 3 points are 2.5 standard errors. */
    private Jprof.Result record(Map<String, String> environment, String output, String java, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("record", "--interval", "2ms", "-o", output));
        args.addAll(List.of(options));
        args.addAll(cpuSplit(java));
        return Jprof.run(dir, environment, args.toArray(new String[0]));
    }

    /** Each method's share within 3 points of what the program measured of its own CPU time. */
    private void assertSharesOfCpuSplit(String collapsed) throws Exception {
        Map<String, Long> counts = Collapsed.read(dir.resolve(collapsed)).byDeepest("alpha", "beta", "gamma");
        long all = counts.get("alpha") + counts.get("beta") + counts.get("gamma");
        assertThat(all).as(counts.toString()).isGreaterThan(500);
        String truth = Files.readString(dir.resolve("truth.txt"));
        for (String method : new String[]{"alpha", "beta", "gamma"}) {
            Matcher m = Pattern.compile(method + "=([0-9.]+)%").matcher(truth);
            assertThat(m.find()).as(truth).isTrue();
            assertThat(100.0 * counts.get(method) / all).as(method + " " + counts + " vs " + truth)
                    .isCloseTo(Double.parseDouble(m.group(1)), within(3.0));
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void autoPicksAsyncProfilerAndSaysWhy(String java) throws Exception {
        Jprof.Result result = record(Map.of(), "auto.collapsed", java);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stderr()).contains("engine async-profiler perf_events (auto: async-profiler loads here");
        assertSharesOfCpuSplit("auto.collapsed");
    }

    @Test
    void engineJfrLoadsNoNativeCode() throws Exception {
        Jprof.Result result = record(Map.of(), "jfr.collapsed", Jprof.java17(), "--engine", "jfr");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stderr()).contains("engine jfr-execution-sample (asked for)").doesNotContain("async-profiler");
        assertSharesOfCpuSplit("jfr.collapsed");
    }

    @Test
    void aDamagedLibraryFallsBackToJfrInOneLine() throws Exception {
        Path library = dir.resolve("libasyncProfiler.so");
        Files.write(library, new byte[]{0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 62, 0});
        Jprof.Result result = record(Map.of("JPROF_ASYNC_PROFILER", library.toString()), "fallback.collapsed", Jprof.java17(),
                "--engine", "async");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        List<String> warnings = result.stderr().lines().filter(l -> l.startsWith("jprof: warning: async-profiler")).toList();
        assertThat(warnings).as(result.stderr()).hasSize(1);
        assertThat(warnings.get(0)).startsWith("jprof: warning: async-profiler could not run (JPROF_ASYNC_PROFILER=")
                .endsWith("; sampling with JFR instead");
        assertThat(result.stderr()).contains("engine jfr-execution-sample (async-profiler could not run:");
        assertSharesOfCpuSplit("fallback.collapsed");
    }

    @Test
    void refusedPerfEventsLeaveAsyncProfilerOnItsCpuTimers() throws Exception {
        Path shim = compileNoPerfShim();
        Jprof.Result result = record(Map.of("LD_PRELOAD", shim.toString()), "ctimer.collapsed", Jprof.java17());
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stderr()).contains("engine async-profiler ctimer")
                .contains("jprof: warning: perf events are not allowed here");
        assertSharesOfCpuSplit("ctimer.collapsed");
    }

    /** The LD_PRELOAD library that makes perf_event_open fail, built with the machine's C compiler. */
    private Path compileNoPerfShim() throws Exception {
        Path source = dir.resolve("noperf.c");
        try (InputStream in = EnginesIT.class.getResourceAsStream("/native/noperf.c")) {
            Files.copy(in, source);
        }
        Path shim = dir.resolve("noperf.so");
        Process cc;
        try {
            cc = new ProcessBuilder("cc", "-shared", "-fPIC", "-O2", "-o", shim.toString(), source.toString(), "-ldl")
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.assumeTrue(System.getenv("CI") == null, "no C compiler (cc) on a CI machine");
            Assumptions.abort("no C compiler (cc) to build the perf-refusing shim");
            throw e;
        }
        String output = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(cc.waitFor()).as(output).isZero();
        return shim;
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void attachWithAsyncProfilerTwiceAndLeaveNothingRunning(String java) throws Exception {
        Process target = new ProcessBuilder(java, "-cp", Jprof.TEST_CLASSES.toString(), "dev.jprof.testapps.AttachTarget")
                .redirectError(dir.resolve("target.err").toFile()).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(target.getInputStream(), StandardCharsets.UTF_8));
             Writer in = new OutputStreamWriter(target.getOutputStream(), StandardCharsets.UTF_8)) {
            assertThat(out.readLine()).startsWith("ready");
            for (int round = 1; round <= 2; round++) {
                Jprof.Result result = Jprof.run(dir, "record", "--pid", Long.toString(target.pid()), "--duration", "2s",
                        "-o", "attach" + round + ".collapsed");
                assertThat(result.exitCode()).as(result.toString()).isZero();
                // a profiler left running would refuse the second start, and jprof would fall back to JFR
                assertThat(result.stderr()).as(result.toString()).contains("engine async-profiler").doesNotContain("could not run");
                Map<String, Long> counts = Collapsed.read(dir.resolve("attach" + round + ".collapsed")).byDeepest("hotMethod");
                long total = counts.values().stream().mapToLong(Long::longValue).sum();
                assertThat(counts.get("hotMethod")).as(counts.toString()).isGreaterThan(total / 2);
                in.write("ping\n");
                in.flush();
                assertThat(out.readLine()).as("target answers after attach " + round).startsWith("pong");
            }
            assertThat(threadNames(target.pid())).doesNotContain("jprof-watchdog");
            assertThat(Files.readString(dir.resolve("target.err"))).doesNotContain("Profiling");

            // JFR after async-profiler in the same JVM: on JDK 25 its CPU-time sampler will not share SIGPROF
            Jprof.Result jfr = Jprof.run(dir, "record", "--engine", "jfr", "--pid", Long.toString(target.pid()), "--duration", "2s",
                    "-o", "jfr.collapsed");
            assertThat(jfr.exitCode()).as(jfr.toString()).isZero();
            assertThat(jfr.stderr()).contains("engine jfr-execution-sample");
            if (!java.equals(Jprof.java17())) assertThat(jfr.stderr()).contains("left its SIGPROF handler");
            Map<String, Long> counts = Collapsed.read(dir.resolve("jfr.collapsed")).byDeepest("hotMethod");
            long total = counts.values().stream().mapToLong(Long::longValue).sum();
            assertThat(counts.get("hotMethod")).as(counts.toString()).isGreaterThan(total / 2);
        } finally {
            target.destroyForcibly();
            target.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void jprofKilledWhileAttachedLeavesNoProfilerRunning() throws Exception {
        Process target = new ProcessBuilder(Jprof.java17(), "-cp", Jprof.TEST_CLASSES.toString(), "dev.jprof.testapps.AttachTarget")
                .redirectError(dir.resolve("target.err").toFile()).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(target.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).startsWith("ready");
            Process jprof = new ProcessBuilder(Jprof.java17(), "-jar", Jprof.JAR.toAbsolutePath().toString(), "record",
                    "--pid", Long.toString(target.pid()), "-o", "never.html").directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("jprof.out").toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!threadNames(target.pid()).contains("jprof-watchdog")) {
                assertThat(System.nanoTime()).as(Files.readString(dir.resolve("jprof.out"))).isLessThan(deadline);
                Thread.sleep(200);
            }
            jprof.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            while (threadNames(target.pid()).contains("jprof-watchdog")) {
                assertThat(System.nanoTime()).as("the watchdog stops once jprof is gone").isLessThan(deadline);
                Thread.sleep(200);
            }
            Jprof.Result again = Jprof.run(dir, "record", "--pid", Long.toString(target.pid()), "--duration", "1s", "-o", "again.collapsed");
            assertThat(again.exitCode()).as(again.toString()).isZero();
            assertThat(again.stderr()).contains("engine async-profiler").doesNotContain("could not run");
            try (Stream<Path> left = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
                assertThat(left.map(p -> p.getFileName().toString()))
                        .noneMatch(name -> name.startsWith("jprof-attach-" + target.pid() + "-"));
            }
            assertThat(target.isAlive()).isTrue();
        } finally {
            target.destroyForcibly();
            target.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aJvmThatRefusesDynamicAgentsIsSampledWithJfrAfterOneLine() throws Exception {
        Process target = new ProcessBuilder(Jprof.java17(), "-XX:-EnableDynamicAgentLoading", "-cp", Jprof.TEST_CLASSES.toString(),
                "dev.jprof.testapps.AttachTarget").redirectError(dir.resolve("target.err").toFile()).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(target.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).startsWith("ready");
            Jprof.Result result = Jprof.run(dir, "record", "--pid", Long.toString(target.pid()), "--duration", "2s", "-o", "refused.collapsed");
            assertThat(result.exitCode()).as(result.toString()).isZero();
            List<String> warnings = result.stderr().lines().filter(l -> l.contains("could not run")).toList();
            assertThat(warnings.get(0)).as(result.stderr()).startsWith("jprof: warning: async-profiler could not run (JVM " + target.pid())
                    .contains("-XX:-EnableDynamicAgentLoading").endsWith("sampling with JFR instead");
            assertThat(result.stderr()).contains("engine jfr-execution-sample via FlightRecorderMXBean");
            Map<String, Long> counts = Collapsed.read(dir.resolve("refused.collapsed")).byDeepest("hotMethod");
            assertThat(counts.get("hotMethod")).as(counts.toString()).isGreaterThan(counts.values().stream().mapToLong(Long::longValue).sum() / 2);
        } finally {
            target.destroyForcibly();
            target.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The names of the JVM's threads, from jcmd's thread dump. */
    private static String threadNames(long pid) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "Thread.print").redirectErrorStream(true).start();
        String dump = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        StringBuilder names = new StringBuilder();
        for (String line : dump.split("\n")) if (line.startsWith("\"")) names.append(line, 0, line.indexOf('"', 1) + 1).append('\n');
        return names.toString();
    }
}
