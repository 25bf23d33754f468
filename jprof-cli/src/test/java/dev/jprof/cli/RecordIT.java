package dev.jprof.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** `jprof record` launching real JVMs (JDK 17, and JDK 25 when installed) with known behaviour. */
class RecordIT {
    @TempDir
    Path dir;

    private Jprof.Result record(String... args) throws Exception {
        return Jprof.run(dir, args);
    }

    private String truth() throws Exception {
        return Files.readString(dir.resolve("truth.txt"));
    }

    private static double share(String truth, String key) {
        Matcher m = Pattern.compile(key + "=([0-9.]+)%").matcher(truth);
        assertThat(m.find()).as("truth has " + key + ": " + truth).isTrue();
        return Double.parseDouble(m.group(1));
    }

    /**
     * Two threads for 10 s: 4,000 samples at 5 ms with async-profiler, 2,000 at 10 ms with JFR (JDK 25's CPU-time
     * sampler drops a fifth of its samples at 5 ms on a loaded machine), so 3 points are over 2.5 standard errors.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dev.jprof.cli.Jprof#jdksAndEngines")
    void cpuSharesOfThreeMethodsAreWithinThreePoints(String java, String engine) throws Exception {
        Jprof.Result result = record("record", "--engine", engine, "--interval", engine.equals("jfr") ? "10ms" : "5ms",
                "-o", "cpu.collapsed", "--", java, "-cp", Jprof.TEST_CLASSES.toString(), "-Dtestapps.truth=truth.txt",
                "dev.jprof.testapps.CpuSplit", "10", "2");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stderr()).contains("wrote cpu.collapsed").contains("engine " + engine);

        Map<String, Long> counts = Collapsed.read(dir.resolve("cpu.collapsed")).byDeepest("alpha", "beta", "gamma");
        long inMethods = counts.get("alpha") + counts.get("beta") + counts.get("gamma");
        assertThat(inMethods).as(counts.toString()).isGreaterThan(500);
        String truth = truth();
        for (String method : new String[]{"alpha", "beta", "gamma"}) {
            double measured = 100.0 * counts.get(method) / inMethods;
            assertThat(measured).as(method + " in " + counts + " vs " + truth).isCloseTo(share(truth, method), within(3.0));
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dev.jprof.cli.Jprof#jdksAndEngines")
    void wallModeSeesSleepingTimeInItsShare(String java, String engine) throws Exception {
        Jprof.Result result = record("record", "--engine", engine, "--mode", "wall", "--thread", "^main$", "-o", "wall.collapsed", "--",
                java, "-cp", Jprof.TEST_CLASSES.toString(), "-Dtestapps.truth=truth.txt", "dev.jprof.testapps.SleepSplit", "4", "30");
        assertThat(result.exitCode()).as(result.toString()).isZero();

        Map<String, Long> counts = Collapsed.read(dir.resolve("wall.collapsed")).byDeepest("compute", "pause");
        long both = counts.get("compute") + counts.get("pause");
        assertThat(both).as(counts.toString()).isGreaterThan(250);
        String truth = truth();
        assertThat(100.0 * counts.get("compute") / both).as(counts + " vs " + truth).isCloseTo(share(truth, "compute"), within(3.0));
        assertThat(100.0 * counts.get("pause") / both).as(counts + " vs " + truth).isCloseTo(share(truth, "sleep"), within(3.0));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dev.jprof.cli.Jprof#jdksAndEngines")
    void threadBlockedOnAMonitorIsBlockedForTheWholeRun(String java, String engine) throws Exception {
        Jprof.Result result = record("record", "--engine", engine, "--mode", "wall", "-o", "blocked.jfr", "--",
                java, "-cp", Jprof.TEST_CLASSES.toString(), "dev.jprof.testapps.BlockedThread", "3");
        assertThat(result.exitCode()).as(result.toString()).isZero();

        Jprof.Result all = Jprof.run(dir, "report", "blocked.jfr", "--threads", "-o", "all.collapsed");
        Jprof.Result blocked = Jprof.run(dir, "report", "blocked.jfr", "--threads", "--state", "blocked", "-o", "blocked.collapsed");
        assertThat(all.exitCode()).as(all.toString()).isZero();
        assertThat(blocked.exitCode()).as(blocked.toString()).isZero();
        long everything = Collapsed.read(dir.resolve("all.collapsed")).byRoot().getOrDefault("[blocked]", 0L);
        long inBlockedState = Collapsed.read(dir.resolve("blocked.collapsed")).byRoot().getOrDefault("[blocked]", 0L);
        // 3 s at 10 ms: about 300 ticks; the thread starts a little after the JVM
        assertThat(everything).isGreaterThan(200);
        assertThat(inBlockedState).isGreaterThanOrEqualTo(everything * 95 / 100);
        assertThat(Collapsed.read(dir.resolve("blocked.collapsed")).byDeepest("enterLock").get("enterLock"))
                .isGreaterThanOrEqualTo(inBlockedState * 95 / 100);
    }

    @ParameterizedTest
    @ValueSource(strings = {"async", "jfr"})
    void manyBusyThreadsAreAllSampledFairly(String engine) throws Exception {
        Jprof.Result result = record("record", "--engine", engine, "--threads", "--value", "cpu", "-o", "many.collapsed", "--",
                Jprof.java17(), "-cp", Jprof.TEST_CLASSES.toString(), "-Dtestapps.truth=truth.txt",
                "dev.jprof.testapps.ManyThreads", "4", "32");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        // JFR samples a few threads per period and says how many it reached; async-profiler samples every thread
        if (!result.stderr().contains("engine async-profiler")) {
            assertThat(result.stderr()).containsPattern("[0-9.]+ samples/s per running thread");
        }

        Map<String, Long> cpuByThread = Collapsed.read(dir.resolve("many.collapsed")).byRoot();
        String truth = truth();
        long trueTotal = 0;
        long estimatedTotal = 0;
        for (int i = 0; i < 32; i++) {
            String name = String.format("busy-%02d", i);
            Matcher m = Pattern.compile(name + " cpuMs=(\\d+)").matcher(truth);
            assertThat(m.find()).isTrue();
            trueTotal += Long.parseLong(m.group(1));
            assertThat(cpuByThread).as("thread " + name + " sampled").containsKey("[" + name + "]");
            estimatedTotal += cpuByThread.get("[" + name + "]") / 1_000_000;
        }
        // every thread's estimated CPU time is its share of the measured total
        for (int i = 0; i < 32; i++) {
            String name = String.format("busy-%02d", i);
            Matcher m = Pattern.compile(name + " cpuMs=(\\d+)").matcher(truth);
            assertThat(m.find()).isTrue();
            double trueShare = Long.parseLong(m.group(1)) / (double) trueTotal;
            double estimatedShare = cpuByThread.get("[" + name + "]") / 1e6 / estimatedTotal;
            assertThat(estimatedShare).as(name).isCloseTo(trueShare, within(0.01));
        }
    }

    @Test
    void exitCodePassesThroughAndProfileIsStillWritten() throws Exception {
        Jprof.Result result = record("record", "-o", "exit.html", "--", Jprof.java17(), "-cp",
                Jprof.TEST_CLASSES.toString(), "dev.jprof.testapps.ExitCode", "3", "800");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
        assertThat(dir.resolve("exit.html")).isNotEmptyFile();
        assertThat(Files.readString(dir.resolve("exit.html"))).contains("ExitCode");
    }

    @Test
    void programThatExitsAtOnceStillGivesAProfile() throws Exception {
        Jprof.Result result = record("record", "-o", "quick.jfr", "--", Jprof.java17(), "-version");
        // a JVM that does nothing may have no Java samples at all: then one clear line, never a stack trace
        assertThat(result.stderr()).doesNotContain("Exception").doesNotContain("\tat ");
        if (result.exitCode() == 0) assertThat(dir.resolve("quick.jfr")).isNotEmptyFile();
    }

    @Test
    void reportRendersASavedRecordingInEveryFormat() throws Exception {
        Jprof.Result recorded = record("record", "-o", "saved.jfr", "--", Jprof.java17(), "-cp",
                Jprof.TEST_CLASSES.toString(), "dev.jprof.testapps.CpuSplit", "2", "1");
        assertThat(recorded.exitCode()).as(recorded.toString()).isZero();
        for (String format : new String[]{"table", "tree", "collapsed", "json", "html"}) {
            Jprof.Result report = Jprof.run(dir, "report", "saved.jfr", "--format", format);
            assertThat(report.exitCode()).as(format + ": " + report).isZero();
            assertThat(report.stdout()).as(format).contains("alpha");
        }
        Jprof.Result lines = Jprof.run(dir, "report", "saved.jfr", "--lines", "--simple", "-f", "collapsed");
        assertThat(lines.exitCode()).as(lines.toString()).isZero();
        assertThat(lines.stdout()).containsPattern("(^|;)CpuSplit\\.alpha:\\d+");
    }
}
