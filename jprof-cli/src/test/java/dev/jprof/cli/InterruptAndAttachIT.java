package dev.jprof.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
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

import static org.assertj.core.api.Assertions.assertThat;

/** Profiles survive interruptions; running JVMs are profiled by pid and left healthy. */
class InterruptAndAttachIT {
    @TempDir
    Path dir;

    private Process startJprof(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Jprof.java17(), "-jar", Jprof.JAR.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("jprof.out").toFile()).redirectError(dir.resolve("jprof.err").toFile()).start();
    }

    private void awaitTruth(String text) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Path truth = dir.resolve("truth.txt");
        while (System.nanoTime() < end) {
            if (Files.exists(truth) && Files.readString(truth).contains(text)) return;
            Thread.sleep(100);
        }
        throw new AssertionError("program did not print '" + text + "'");
    }

    private static void signal(long pid, String signal) throws Exception {
        assertThat(new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start().waitFor()).isZero();
    }

    private String stderr() throws IOException {
        return Files.readString(dir.resolve("jprof.err"));
    }

    /** jprof recording the Spin program into {@code output}, after the program has run for {@code millis}. */
    private Process recordSpin(String output, long millis, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("record", "-o", output));
        args.addAll(List.of(options));
        args.addAll(List.of("--", Jprof.java17(), "-cp",
                Jprof.TEST_CLASSES.toString(), "-Dtestapps.truth=truth.txt", "dev.jprof.testapps.Spin", "60"));
        Process jprof = startJprof(args.toArray(new String[0]));
        awaitTruth("ready");
        Thread.sleep(millis);
        return jprof;
    }

    private static long programPid(Process jprof) {
        return jprof.descendants().filter(p -> p.info().command().orElse("").endsWith("java")).findFirst().orElseThrow().pid();
    }

    @ParameterizedTest
    @ValueSource(strings = {"async", "jfr"})
    void interruptingJprofStillWritesTheProfile(String engine) throws Exception {
        Process jprof = recordSpin("spin.collapsed", 1500, "--engine", engine);
        signal(jprof.pid(), "INT");
        assertThat(jprof.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(jprof.exitValue()).as(stderr()).isEqualTo(130);
        Map<String, Long> counts = Collapsed.read(dir.resolve("spin.collapsed")).byDeepest("spin");
        assertThat(counts.get("spin")).as(counts.toString()).isGreaterThan(50);
    }

    @ParameterizedTest
    @ValueSource(strings = {"async", "jfr"})
    void programKilledWithSigtermStillYieldsItsProfile(String engine) throws Exception {
        Process jprof = recordSpin("spin.jfr", 1500, "--engine", engine);
        signal(programPid(jprof), "TERM");
        assertThat(jprof.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(jprof.exitValue()).as(stderr()).isEqualTo(143);
        Jprof.Result report = Jprof.run(dir, "report", "spin.jfr", "-f", "collapsed");
        assertThat(report.exitCode()).as(report.toString()).isZero();
        assertThat(report.stdout()).contains("Spin.spin");
    }

    @Test
    void programKilledWithSigkillYieldsItsProfileUpToJfrsLastFlush() throws Exception {
        Process jprof = recordSpin("spin.collapsed", 3000, "--engine", "jfr");
        signal(programPid(jprof), "KILL");
        assertThat(jprof.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(jprof.exitValue()).as(stderr()).isEqualTo(137);
        assertThat(stderr()).contains("was killed before it wrote its recording");
        Map<String, Long> counts = Collapsed.read(dir.resolve("spin.collapsed")).byDeepest("spin");
        assertThat(counts.get("spin")).as(counts.toString()).isGreaterThan(20);
    }

    @Test
    void programKilledWithSigkillUnderAsyncProfilerEndsWithItsExitCodeAndOneLine() throws Exception {
        Process jprof = recordSpin("spin.collapsed", 2000, "--engine", "async");
        signal(programPid(jprof), "KILL");
        assertThat(jprof.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(jprof.exitValue()).as(stderr()).isEqualTo(137);
        assertThat(stderr().lines()).as(stderr()).hasSize(2);
        assertThat(stderr()).contains("was killed before async-profiler wrote its recording, so it has no profile (--engine jfr")
                .contains("jprof: no profile: every JVM was killed before async-profiler wrote its recording");
    }

    @Test
    void aJvmKilledWhileAttachedToStillYieldsItsProfile() throws Exception {
        Process target = new ProcessBuilder(Jprof.java17(), "-cp", Jprof.TEST_CLASSES.toString(),
                "-Dtestapps.truth=" + dir.resolve("truth.txt"), "dev.jprof.testapps.Spin", "60")
                .redirectOutput(dir.resolve("target.out").toFile()).redirectErrorStream(true).start();
        try {
            awaitTruth("ready");
            List<String> command = new ArrayList<>(List.of(Jprof.java17(), "-jar", Jprof.JAR.toAbsolutePath().toString(),
                    "record", "--engine", "jfr", "--pid", Long.toString(target.pid()), "--duration", "60s", "-o", "killed.collapsed"));
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectOutput(dir.resolve("jprof.out").toFile()).redirectError(dir.resolve("jprof.err").toFile());
            builder.environment().put("JPROF_DEBUG", "1");
            Process jprof = builder.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!stderr().contains("recording in") && jprof.isAlive() && System.nanoTime() < deadline) Thread.sleep(100);
            Thread.sleep(3000);
            signal(target.pid(), "KILL");
            assertThat(jprof.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(jprof.exitValue()).as(stderr()).isZero();
            assertThat(stderr()).contains("was killed after");
            Map<String, Long> counts = Collapsed.read(dir.resolve("killed.collapsed")).byDeepest("spin");
            assertThat(counts.get("spin")).as(counts.toString()).isGreaterThan(10);
        } finally {
            target.destroyForcibly();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"async", "jfr"})
    void everyJvmAScriptStartsIsProfiledUnderItsOwnRoot(String engine) throws Exception {
        String java = Jprof.java17();
        String cp = Jprof.TEST_CLASSES.toString();
        String script = java + " -cp " + cp + " dev.jprof.testapps.CpuSplit 1 1 && " + java + " -cp " + cp
                + " dev.jprof.testapps.SleepSplit 1 50";
        Jprof.Result result = Jprof.run(dir, "record", "--engine", engine, "-o", "both.collapsed", "--", "sh", "-c", script);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        Map<String, Long> roots = Collapsed.read(dir.resolve("both.collapsed")).byRoot();
        assertThat(roots.keySet()).as(roots.toString()).hasSize(2).allMatch(root -> root.matches("\\[pid \\d+]"));
        assertThat(Files.readString(dir.resolve("both.collapsed"))).contains("CpuSplit.alpha").contains("SleepSplit.compute");
    }

    @ParameterizedTest
    @ValueSource(strings = {"async", "jfr"})
    void attachToARunningJvmTwiceAndLeaveItHealthy(String engine) throws Exception {
        Process target = new ProcessBuilder(Jprof.java17(), "-cp", Jprof.TEST_CLASSES.toString(), "dev.jprof.testapps.AttachTarget")
                .redirectError(dir.resolve("target.err").toFile()).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(target.getInputStream(), StandardCharsets.UTF_8));
             Writer in = new OutputStreamWriter(target.getOutputStream(), StandardCharsets.UTF_8)) {
            assertThat(out.readLine()).startsWith("ready");
            for (int round = 1; round <= 2; round++) {
                Jprof.Result result = Jprof.run(dir, "record", "--engine", engine, "--pid", Long.toString(target.pid()),
                        "--duration", "2s", "-o", "attach" + round + ".collapsed");
                assertThat(result.exitCode()).as(result.toString()).isZero();
                assertThat(result.stderr()).contains("inlined methods are attributed to their callers").contains("engine " + engine);
                Map<String, Long> counts = Collapsed.read(dir.resolve("attach" + round + ".collapsed")).byDeepest("hotMethod");
                long total = counts.values().stream().mapToLong(Long::longValue).sum();
                assertThat(counts.get("hotMethod")).as(counts.toString()).isGreaterThan(total / 2);
                in.write("ping\n");
                in.flush();
                assertThat(out.readLine()).as("target answers after attach " + round).startsWith("pong");
            }
            assertThat(target.isAlive()).isTrue();
        } finally {
            target.destroyForcibly();
            target.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
