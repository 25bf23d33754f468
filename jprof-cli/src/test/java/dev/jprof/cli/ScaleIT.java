package dev.jprof.cli;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JVMs full of threads (dev.jprof.testapps.ThreadCrowd): 1,000 platform threads, and on JDK 25 100,000
 * virtual threads, under {@code record --mode wall} and {@code dump}, with jprof's own heap capped, and
 * the target's heartbeat thread saying how late it ever woke up.
 */
class ScaleIT {
    /** jprof's heap for these runs: 100,000 virtual threads' JSON dump alone is 70 MB. */
    private static final String JPROF_HEAP = "64m";
    /** The heartbeat wakes up this late at most (alone on this machine: 15 ms for platform threads, 66 ms for virtual ones). */
    private static final long MAX_LATE_MS = 1000;

    @TempDir
    Path dir;

    private long heartbeatLateMs() throws Exception {
        Matcher m = Pattern.compile("heartbeat maxLateMs=(\\d+)").matcher(Files.readString(dir.resolve("truth.txt")));
        assertThat(m.find()).isTrue();
        return Long.parseLong(m.group(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"async", "jfr"})
    void wallModeOnAThousandThreadsSamplesEachAndStallsNothing(String engine) throws Exception {
        Jprof.Result result = Jprof.runWithHeap(dir, JPROF_HEAP, "record", "--engine", engine, "--mode", "wall", "--threads",
                "-o", "crowd.collapsed", "--", Jprof.java17(), "-cp", Jprof.TEST_CLASSES.toString(), "-Dtestapps.truth=truth.txt",
                "dev.jprof.testapps.ThreadCrowd", "platform", "1000", "5");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        Map<String, Long> byThread = Collapsed.read(dir.resolve("crowd.collapsed")).byRoot();
        long crowd = byThread.keySet().stream().filter(root -> root.startsWith("[crowd-")).count();
        System.out.printf("1,000 threads, %s: %d of them sampled, heartbeat at most %d ms late; %s%n",
                engine, crowd, heartbeatLateMs(), result.stderr().lines().filter(l -> l.contains("wrote")).findFirst().orElse(""));
        assertThat(crowd).as(result.toString()).isEqualTo(1000);
        assertThat(heartbeatLateMs()).isLessThan(MAX_LATE_MS);
    }

    @Test
    void dumpOfAThousandThreads() throws Exception {
        Process target = start(Jprof.java17(), "platform", "1000");
        try {
            Jprof.Result dump = Jprof.runWithHeap(dir, JPROF_HEAP, "dump", "--pid", Long.toString(target.pid()));
            assertThat(dump.exitCode()).as(dump.stderr()).isZero();
            assertThat(dump.stdout().lines().filter(l -> l.startsWith("\"crowd-"))).hasSize(1000);
        } finally {
            target.destroyForcibly();
        }
    }

    @Test
    void aHundredThousandVirtualThreadsUnderWallModeAndDump() throws Exception {
        Assumptions.assumeTrue(Jprof.java25().isPresent(), "JDK 25 is not installed");
        String java = Jprof.java25().get();
        Jprof.Result result = Jprof.runWithHeap(dir, JPROF_HEAP, "record", "--mode", "wall", "--threads", "-o", "virtual.collapsed",
                "--", java, "-cp", Jprof.TEST_CLASSES.toString(), "-Dtestapps.truth=truth.txt",
                "dev.jprof.testapps.ThreadCrowd", "virtual", "100000", "6");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        // unmounted virtual threads run no code: samplers see the carriers and the virtual threads on them
        // (the heartbeat is main renamed: the engines keep the name a thread had when first seen)
        assertThat(Collapsed.read(dir.resolve("virtual.collapsed")).byRoot().keySet()).containsAnyOf("[heartbeat]", "[main]");
        assertThat(heartbeatLateMs()).isLessThan(MAX_LATE_MS);

        Process target = start(java, "virtual", "100000");
        try {
            long begin = System.nanoTime();
            Jprof.Result dump = Jprof.runWithHeap(dir, JPROF_HEAP, "dump", "--pid", Long.toString(target.pid()));
            long millis = (System.nanoTime() - begin) / 1_000_000;
            assertThat(dump.exitCode()).as(dump.stderr()).isZero();
            System.out.printf("dump of 100,000 virtual threads with jprof's heap at %s: %d ms, %d lines%n", JPROF_HEAP, millis,
                    dump.stdout().lines().count());
            assertThat(dump.stdout()).contains(", 100000 virtual threads");
            assertThat(dump.stdout()).containsPattern("\\n(99999|100000) virtual threads TIMED_WAITING with this stack");
        } finally {
            target.destroyForcibly();
        }
    }

    /**
     * The heaviest a recording gets per second: 1,000 threads sampled in wall mode every millisecond. Recorded and
     * reported with jprof's heap at 64 MB (a minute of it needs 128 MB, BENCHMARKS.md); with the heap far too small,
     * the report ends in one line that says how to give jprof more, not in a stack trace.
     */
    @Test
    void wallModeAt1msOnAThousandThreadsIsReportedInBoundedMemory() throws Exception {
        Jprof.Result record = Jprof.runWithHeap(dir, JPROF_HEAP, "record", "--mode", "wall", "--interval", "1ms", "--threads",
                "-o", "crowd.jfr", "--", Jprof.java17(), "-cp", Jprof.TEST_CLASSES.toString(), "-Dtestapps.truth=truth.txt",
                "dev.jprof.testapps.ThreadCrowd", "platform", "1000", "6");
        assertThat(record.exitCode()).as(record.toString()).isZero();
        Jprof.Result report = Jprof.runWithHeap(dir, JPROF_HEAP, "report", "crowd.jfr", "--threads", "-o", "crowd.html");
        assertThat(report.exitCode()).as(report.toString()).isZero();
        Matcher samples = Pattern.compile("([0-9,]+) samples over").matcher(report.stderr());
        assertThat(samples.find()).as(report.stderr()).isTrue();
        System.out.printf("1,000 threads at 1 ms for 6 s: %s samples in a %,d-byte recording, reported with jprof's heap at %s%n",
                samples.group(1), Files.size(dir.resolve("crowd.jfr")), JPROF_HEAP);
        assertThat(Long.parseLong(samples.group(1).replace(",", ""))).isGreaterThan(100_000);

        Jprof.Result tooSmall = Jprof.runWithHeap(dir, "8m", "report", "crowd.jfr", "--threads", "-o", "small.html");
        assertThat(tooSmall.exitCode()).as(tooSmall.toString()).isEqualTo(70);
        assertThat(tooSmall.stderr().strip()).as(tooSmall.stderr())
                .startsWith("jprof: out of memory (").contains("jprof's heap is at most 8 MB");
        assertThat(tooSmall.stderr().strip().lines()).hasSize(1);
        assertThat(dir.resolve("small.html")).doesNotExist();
    }

    /** ThreadCrowd for a minute, once all its threads run. */
    private Process start(String java, String kind, String n) throws Exception {
        Process target = new ProcessBuilder(java, "-cp", Jprof.TEST_CLASSES.toString(), "dev.jprof.testapps.ThreadCrowd", kind, n, "60")
                .redirectError(dir.resolve("target.err").toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(target.getInputStream(), StandardCharsets.UTF_8));
        assertThat(out.readLine()).startsWith("ready");
        return target;
    }
}
