package dev.jprof.cli;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.BufferedReader;
import java.io.InputStreamReader;
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

/**
 * `jprof record` in cpu mode on a program whose main thread spends its CPU time in native code (zlib),
 * in allocation and in Java code, beside threads that wait in native reads (dev.jprof.testapps.NativeMix):
 * with the default engine (async-profiler here), launched and attached, and with {@code --engine jfr}.
 */
class NativeCodeIT {
    private static final String[] METHODS = {"compress", "allocate", "arithmetic"};
    private static final String NOT_SAMPLED = "[running, no stack sampled]";

    @TempDir
    Path dir;

    /** What the last {@link #mainCpu} report said on stderr (its summary line and warnings). */
    private String reportStderr;

    static Stream<String> jdks() {
        return Stream.concat(Stream.of(Jprof.java17()), Jprof.java25().stream());
    }

    /** Records NativeMix for 20 s with that many reader threads; the recording is rec.jfr. */
    private Jprof.Result record(String java, int readers) throws Exception {
        return record("jfr", java, "20", readers);
    }

    /**
     * NativeMix's methods stay out of main's compiled code: inlined there, HotSpot's debug information
     * gives some compilations' array zeroing to main's loop (line 61), for async-profiler alone too
     * (4% of main's CPU taken from allocate in a run measured here). Which method the JIT blames is not what
     * this program measures; {@code SafepointBiasIT} is about inlined code.
     */
    private static final String[] NO_INLINING = {"-XX:CompileCommand=quiet", "-XX:CompileCommand=dontinline,dev.jprof.testapps.NativeMix::*"};

    private Jprof.Result record(String engine, String java, String seconds, int readers, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("record", "--engine", engine, "-o", "rec.jfr"));
        args.addAll(List.of(options));
        args.addAll(List.of("--", java, NO_INLINING[0], NO_INLINING[1],
                "-cp", Jprof.TEST_CLASSES.toString(), "-Dtestapps.truth=truth.txt", "dev.jprof.testapps.NativeMix", seconds, Integer.toString(readers)));
        Jprof.Result result = Jprof.run(dir, args.toArray(String[]::new));
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return result;
    }

    private void assertAllThreeShares(String what, Map<String, Long> cpu) throws Exception {
        System.out.printf("NativeMix %s: compress %.1f%% (truth %.1f%%), allocate %.1f%% (%.1f%%), arithmetic %.1f%% (%.1f%%): %s%n",
                what, share(cpu, "compress"), truth("compress"), share(cpu, "allocate"), truth("allocate"),
                share(cpu, "arithmetic"), truth("arithmetic"), cpu);
        for (String method : METHODS) {
            assertThat(share(cpu, method)).as(method + " in " + cpu).isCloseTo(truth(method), within(3.0));
        }
    }

    /** 15 s at 2 ms: 7,500 samples, so a standard error of the largest share is 0.6 points (and the JIT's warm-up a small part). */
    @ParameterizedTest
    @MethodSource("jdks")
    void autoEngineGetsAllThreeSharesLaunched(String java) throws Exception {
        record("auto", java, "15", 0, "--interval", "2ms");
        Map<String, Long> cpu = mainCpu();
        assertThat(reportStderr).contains("engine async-profiler");
        assertAllThreeShares("launched on auto with " + java, cpu);
    }

    /**
     * Attached for 10 s to NativeMix started with DebugNonSafepoints, as jprof's warning asks: without it,
     * code compiled before the attach keeps allocate's samples in main (measured on JDK 17: allocate 32%).
     */
    @ParameterizedTest
    @MethodSource("jdks")
    void autoEngineGetsAllThreeSharesAttached(String java) throws Exception {
        Process target = new ProcessBuilder(java, NO_INLINING[0], NO_INLINING[1], "-XX:+UnlockDiagnosticVMOptions", "-XX:+DebugNonSafepoints",
                "-XX:+EnableDynamicAgentLoading", "-cp", Jprof.TEST_CLASSES.toString(), "-Dtestapps.truth=truth.txt", "dev.jprof.testapps.NativeMix", "14", "0")
                .directory(dir.toFile()).redirectError(dir.resolve("target.err").toFile()).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(target.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).startsWith("NativeMix");
            Thread.sleep(1000);
            Jprof.Result result = Jprof.run(dir, "record", "--pid", Long.toString(target.pid()), "--interval", "2ms",
                    "--duration", "10s", "-o", "rec.jfr");
            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.stderr()).doesNotContain("warning");
            assertThat(target.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(target.exitValue()).isZero();
        } finally {
            target.destroyForcibly();
        }
        Map<String, Long> cpu = mainCpu();
        assertThat(reportStderr).contains("engine async-profiler");
        assertAllThreeShares("attached on auto with " + java, cpu);
    }

    /**
     * The CPU time of main by method. The denominator of the shares is all of main's CPU time, as the
     * program's truth is each method's share of its thread's CPU time: on JDK 17 JFR's execution sampler
     * gives about a fifth of allocate's samples to main itself (stacks cut at the allocation code), and leaving
     * them out would raise every other share.
     */
    private Map<String, Long> mainCpu() throws Exception {
        Jprof.Result report = Jprof.run(dir, "report", "rec.jfr", "--thread", "^main$", "--value", "cpu", "-o", "main.collapsed");
        assertThat(report.exitCode()).as(report.toString()).isZero();
        reportStderr = report.stderr();
        Collapsed main = Collapsed.read(dir.resolve("main.collapsed"));
        Map<String, Long> byMethod = main.byDeepest(METHODS);
        long notSampled = 0;
        for (int i = 0; i < main.stacks().size(); i++) {
            if (main.stacks().get(i).contains(NOT_SAMPLED)) notSampled += main.counts().get(i);
        }
        byMethod.put(NOT_SAMPLED, notSampled);
        byMethod.put("other", byMethod.get("other") - notSampled);
        return byMethod;
    }

    private static double share(Map<String, Long> cpu, String method) {
        long all = cpu.get(NOT_SAMPLED) + cpu.get("other");
        for (String m : METHODS) all += cpu.get(m);
        return 100.0 * cpu.get(method) / all;
    }

    private double truth(String key) throws Exception {
        String truth = Files.readString(dir.resolve("truth.txt"));
        Matcher m = Pattern.compile("(?m)^split .*\\b" + key + "=([0-9.]+)%").matcher(truth);
        assertThat(m.find()).as("truth has " + key + ": " + truth).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void jdk17NativeCodeGetsItsShareOfCpuAndTheBlindSpotIsNamed() throws Exception {
        record(Jprof.java17(), 0);
        Map<String, Long> cpu = mainCpu();
        assertThat(reportStderr).contains("engine jfr-execution-sample")
                .containsOnlyOnce("jprof: warning: time spent inside the JVM");
        System.out.printf("NativeMix on JDK 17: compress %.1f%% (truth %.1f%%), allocate %.1f%% (%.1f%%), arithmetic %.1f%% (%.1f%%),"
                        + " not sampled %.1f%%: %s%n", share(cpu, "compress"), truth("compress"), share(cpu, "allocate"),
                truth("allocate"), share(cpu, "arithmetic"), truth("arithmetic"), share(cpu, NOT_SAMPLED), cpu);
        assertThat(share(cpu, "compress")).as(cpu.toString()).isCloseTo(truth("compress"), within(5.0));
    }

    @Test
    void threadsBlockedInNativeReadsGetAlmostNoCpu() throws Exception {
        record(Jprof.java17(), 2);
        Map<String, Long> mainCpu = mainCpu();
        System.out.printf("NativeMix with two readers on JDK 17: compress %.1f%% (truth %.1f%%): %s%n",
                share(mainCpu, "compress"), truth("compress"), mainCpu);
        Jprof.Result cpuReport = Jprof.run(dir, "report", "rec.jfr", "--threads", "--value", "cpu", "-o", "threads-cpu.collapsed");
        Jprof.Result samplesReport = Jprof.run(dir, "report", "rec.jfr", "--threads", "-o", "threads.collapsed");
        assertThat(cpuReport.exitCode()).as(cpuReport.toString()).isZero();
        assertThat(samplesReport.exitCode()).as(samplesReport.toString()).isZero();
        Map<String, Long> cpu = Collapsed.read(dir.resolve("threads-cpu.collapsed")).byRoot();
        Map<String, Long> samples = Collapsed.read(dir.resolve("threads.collapsed")).byRoot();

        String truth = Files.readString(dir.resolve("truth.txt"));
        for (String reader : new String[]{"reader-0", "reader-1"}) {
            Matcher m = Pattern.compile(reader + " cpuMs=(\\d+)").matcher(truth);
            assertThat(m.find()).as(truth).isTrue();
            long trueMs = Long.parseLong(m.group(1));
            // JFR's native sampler takes each of them about a third of its rounds: 20 s at 10 ms would be 600 samples
            assertThat(cpu.getOrDefault("[" + reader + "]", 0L) / 1e6).as(reader + " in " + cpu).isLessThan(trueMs + 20.0);
            assertThat(samples.getOrDefault("[" + reader + "]", 0L)).as(reader + " in " + samples).isLessThanOrEqualTo(3);
        }
        assertThat(cpu.get("[main]")).isGreaterThan(1_000_000_000L);
    }

    @Test
    void jdk25CpuTimeSamplerGetsAllThreeShares() throws Exception {
        Assumptions.assumeTrue(Jprof.java25().isPresent(), "JDK 25 is not installed");
        record(Jprof.java25().get(), 0);
        Map<String, Long> cpu = mainCpu();
        assertThat(reportStderr).contains("engine jfr-cpu-time").doesNotContain("time spent inside the JVM");
        assertAllThreeShares("on JDK 25 with --engine jfr", cpu);
    }
}
