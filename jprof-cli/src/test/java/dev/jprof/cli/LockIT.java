package dev.jprof.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lock profiles of {@code LockContention}: two threads that wait for one monitor, then for one
 * ReentrantLock, measuring their waits themselves, and an idle pool thread parked in its queue.
 */
class LockIT {
    private static final String MONITOR = "dev.jprof.testapps.LockContention$Monitor";
    private static final String REENTRANT_LOCK = "java.util.concurrent.locks.ReentrantLock$NonfairSync";
    /** The async engine's library, unpacked from ap-loader into jprof's classes by the build. */
    private static final String ASYNC_PROFILER_LIBRARY = "dev/jprof/capture/engine/async-profiler/linux-x64/libasyncProfiler.so";

    @TempDir
    Path dir;

    private Process target;

    static Stream<String> jdks() {
        return Stream.concat(Stream.of(Jprof.java17()), Jprof.java25().stream());
    }

    @AfterEach
    void stopTarget() throws Exception {
        if (target != null) {
            target.destroyForcibly();
            target.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private List<String> lockContention(String java, String... args) {
        return Stream.concat(Stream.of(java, "-cp", Jprof.TEST_CLASSES.toString(), "-Dtestapps.truth=truth.txt",
                "dev.jprof.testapps.LockContention"), Stream.of(args)).toList();
    }

    private static String[] args(List<String> first, List<String> command) {
        return Stream.concat(first.stream(), command.stream()).toArray(String[]::new);
    }

    private double truth(String key) throws Exception {
        String truth = Files.readString(dir.resolve("truth.txt"));
        Matcher m = Pattern.compile(key + "=([0-9.]+)").matcher(truth);
        assertThat(m.find()).as("truth has " + key + ": " + truth).isTrue();
        return Double.parseDouble(m.group(1));
    }

    /** Nanoseconds of waiting for {@code lock} (the leaf frame) in stacks that pass through {@code method}. */
    private static long waited(Collapsed stacks, String lock, String method) {
        long sum = 0;
        for (int i = 0; i < stacks.stacks().size(); i++) {
            List<String> s = stacks.stacks().get(i);
            if (s.get(s.size() - 1).equals(lock) && s.stream().anyMatch(f -> f.endsWith("LockContention." + method))) sum += stacks.counts().get(i);
        }
        return sum;
    }

    /**
     * The profile's wait against the program's own measure of it. JFR times a wait from when the JVM
     * blocks or parks the thread to when it has the lock; the program from just before the attempt to
     * just after, so it measures a little more, never less (2% for rounding). What the profile misses
     * are waits under the 100 us threshold: a wait here is some 3 ms (the other thread's hold less its
     * rest), so those are rare, a few percent at most on a busy machine: 10% below.
     */
    private static void assertWaitClose(long profiledNanos, double measuredMillis, String what) {
        double profiled = profiledNanos / 1e6;
        assertThat(profiled).as(what + ": profiled ms vs measured " + measuredMillis)
                .isBetween(measuredMillis * 0.90, measuredMillis * 1.02);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void eachWaitGoesToTheWaitingMethodAndItsLock(String java) throws Exception {
        Jprof.Result result = Jprof.run(dir, args(List.of("record", "--mode", "lock", "--engine", "jfr", "-o", "lock.jfr", "--"), lockContention(java, "3")));
        assertThat(result.exitCode()).as(result.toString()).isZero();
        Jprof.Result collapsed = Jprof.run(dir, "report", "lock.jfr", "-o", "lock.collapsed");
        assertThat(collapsed.exitCode()).as(collapsed.toString()).isZero();
        assertThat(collapsed.stderr()).contains("lock mode, engine jfr-lock");

        Collapsed stacks = Collapsed.read(dir.resolve("lock.collapsed"));
        assertWaitClose(waited(stacks, MONITOR, "enterMonitor"), truth("monitorWaitMs"), "monitor");
        assertWaitClose(waited(stacks, REENTRANT_LOCK, "takeLock"), truth("lockWaitMs"), "ReentrantLock");
        // the idle pool thread parks for the whole run, in its queue: waiting for work, not for a lock
        assertThat(stacks.stacks()).noneMatch(s -> s.stream().anyMatch(f -> f.contains("ThreadPoolExecutor.getTask")));
        assertThat(stacks.stacks()).allMatch(s -> s.get(s.size() - 1).equals(MONITOR) || s.get(s.size() - 1).equals(REENTRANT_LOCK));

        Jprof.Result table = Jprof.run(dir, "report", "lock.jfr", "--top", "4");
        assertThat(table.stdout()).contains("mode: lock").contains("waits from: 100.00 us").contains("self wait")
                .contains(MONITOR).contains(REENTRANT_LOCK).contains("left out");
        Jprof.Result json = Jprof.run(dir, "report", "lock.jfr", "-f", "json");
        assertThat(json.stdout()).contains("\"wait\"").contains("\"kind\":\"lock\"");
        Jprof.Result diff = Jprof.run(dir, "diff", "lock.jfr", "lock.jfr");
        assertThat(diff.exitCode()).as(diff.toString()).isZero();
        assertThat(diff.stdout()).contains("LockContention.takeLock  " + REENTRANT_LOCK).contains("LockContention.enterMonitor  " + MONITOR);
    }

    /** Threads and lock waits in one run: two outputs from one recording, each as its own mode would give. */
    @Test
    void cpuAndLocksInOneRun() throws Exception {
        Jprof.Result result = Jprof.run(dir, args(List.of("record", "--mode", "cpu,lock", "--engine", "jfr", "-o", "both.collapsed", "--"),
                lockContention(Jprof.java17(), "2")));
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stderr()).contains("both.collapsed (collapsed)").contains("cpu mode")
                .contains("both-lock.collapsed (collapsed)").contains("lock mode");
        Collapsed cpu = Collapsed.read(dir.resolve("both.collapsed"));
        Collapsed locks = Collapsed.read(dir.resolve("both-lock.collapsed"));
        assertThat(cpu.stacks()).noneMatch(s -> s.get(s.size() - 1).equals(MONITOR) || s.get(s.size() - 1).equals(REENTRANT_LOCK));
        assertThat(cpu.byDeepest("hold").get("hold")).as("the holders spin").isPositive();
        assertWaitClose(waited(locks, MONITOR, "enterMonitor"), truth("monitorWaitMs"), "monitor");
        assertWaitClose(waited(locks, REENTRANT_LOCK, "takeLock"), truth("lockWaitMs"), "ReentrantLock");

        Files.delete(dir.resolve("truth.txt"));
        Jprof.Result jfr = Jprof.run(dir, args(List.of("record", "--mode", "wall,lock", "--engine", "jfr", "-o", "both.jfr", "--"), lockContention(Jprof.java17(), "1")));
        assertThat(jfr.exitCode()).as(jfr.toString()).isZero();
        assertThat(Jprof.run(dir, "report", "both.jfr").stdout()).contains("mode: wall").contains("self samples");
        assertThat(Jprof.run(dir, "report", "both.jfr", "--lock").stdout()).contains("mode: lock").contains(REENTRANT_LOCK);

        Jprof.Result none = Jprof.run(dir, "record", "--mode", "lock", "--engine", "jfr", "--", Jprof.java17(), "-cp", Jprof.TEST_CLASSES.toString(),
                "dev.jprof.testapps.Spin", "1");
        assertThat(none.exitCode()).isNotZero();
        assertThat(none.stderr().strip().lines()).as(none.toString()).hasSize(1).first().asString()
                .startsWith("jprof: no lock profile written: the recording has no lock waits of 100.00 us or more");

        Jprof.Result longOnly = Jprof.run(dir, args(List.of("record", "--mode", "lock", "--engine", "jfr", "--lock-threshold", "1s", "--"),
                lockContention(Jprof.java17(), "1")));
        assertThat(longOnly.exitCode()).isNotZero();
        assertThat(longOnly.stderr().lines().filter(l -> l.startsWith("jprof: ")).toList()).as(longOnly.toString()).hasSize(1).first().asString()
                .startsWith("jprof: no lock profile written: the recording has no lock waits of 1.00 s or more");
        Jprof.Result noLocks = Jprof.run(dir, "record", "--mode", "cpu", "--lock-threshold", "1ms", "--", Jprof.java17(), "-version");
        assertThat(noLocks.exitCode()).isEqualTo(2);
        assertThat(noLocks.stderr().strip()).isEqualTo("jprof: a lock threshold goes with lock waits: add lock to the modes (--mode lock, --mode cpu,lock)");
    }

    /** async-profiler's lock mode writes the same JFR events; jprof reads its recording like its own. */
    @Test
    void asyncProfilersLockRecording() throws Exception {
        Path library = dir.resolve("libasyncProfiler.so");
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(ASYNC_PROFILER_LIBRARY)) {
            assertThat(in).as(ASYNC_PROFILER_LIBRARY + " on the test class path").isNotNull();
            Files.copy(in, library);
        }
        Process java = new ProcessBuilder(Jprof.java17(), "-agentpath:" + library + "=start,event=cpu,lock=0,jfr,file=ap.jfr",
                "-cp", Jprof.TEST_CLASSES.toString(), "-Dtestapps.truth=truth.txt", "dev.jprof.testapps.LockContention", "2")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("ap.out").toFile()).start();
        assertThat(java.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(java.exitValue()).as(Files.readString(dir.resolve("ap.out"))).isZero();

        Jprof.Result report = Jprof.run(dir, "report", "ap.jfr", "--lock", "-o", "ap.collapsed");
        assertThat(report.exitCode()).as(report.toString()).isZero();
        assertThat(report.stderr()).contains("lock mode, engine async-profiler lock");
        Collapsed stacks = Collapsed.read(dir.resolve("ap.collapsed"));
        assertWaitClose(waited(stacks, MONITOR, "enterMonitor"), truth("monitorWaitMs"), "monitor");
        assertWaitClose(waited(stacks, REENTRANT_LOCK, "takeLock"), truth("lockWaitMs"), "ReentrantLock");
        assertThat(Jprof.run(dir, "report", "ap.jfr").stdout()).contains("self samples");
    }

    /** The async engine (auto's choice where it loads) samples lock waits by async-profiler's lock=10us. */
    @Test
    void asyncEngine() throws Exception {
        Jprof.Result result = Jprof.run(dir, args(List.of("record", "--mode", "lock", "--engine", "async", "-o", "async.collapsed", "--"),
                lockContention(Jprof.java17(), "2")));
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stderr()).contains("lock mode, engine async-profiler lock");
        Collapsed stacks = Collapsed.read(dir.resolve("async.collapsed"));
        assertWaitClose(waited(stacks, MONITOR, "enterMonitor"), truth("monitorWaitMs"), "monitor");
        assertWaitClose(waited(stacks, REENTRANT_LOCK, "takeLock"), truth("lockWaitMs"), "ReentrantLock");
    }

    @Test
    void attachedByPid() throws Exception {
        target = new ProcessBuilder(lockContention(Jprof.java17(), "18", "monitor")).directory(dir.toFile())
                .redirectError(dir.resolve("target.err").toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(target.getInputStream(), StandardCharsets.UTF_8));
        assertThat(out.readLine()).startsWith("LockContention");
        Jprof.Result result = Jprof.run(dir, "record", "--pid", Long.toString(target.pid()), "--mode", "lock", "--engine", "jfr",
                "--duration", "2s", "-o", "attach.jfr");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        Jprof.Result both = Jprof.run(dir, "record", "--pid", Long.toString(target.pid()), "--mode", "cpu,lock", "--engine", "jfr",
                "--duration", "1s", "-o", "both.collapsed");
        assertThat(both.exitCode()).as(both.toString()).isZero();
        assertThat(both.stderr()).contains("both.collapsed (collapsed)").contains("cpu mode")
                .contains("both-lock.collapsed (collapsed)").contains("lock mode");
        // attached, the JVM's RMI threads that serve jprof's JMX connection wait for locks too: the program's are there
        assertThat(Collapsed.read(dir.resolve("both-lock.collapsed")).stacks())
                .anyMatch(s -> s.get(s.size() - 1).equals(MONITOR) || s.get(s.size() - 1).equals(REENTRANT_LOCK));
        Jprof.Result longOnly = Jprof.run(dir, "record", "--pid", Long.toString(target.pid()), "--mode", "lock", "--engine", "jfr",
                "--lock-threshold", "1s", "--duration", "1s", "-o", "long.collapsed");
        assertThat(longOnly.stderr()).as(longOnly.toString()).contains("no lock waits of 1.00 s or more");
        assertThat(target.waitFor(30, TimeUnit.SECONDS)).isTrue();

        Jprof.Result collapsed = Jprof.run(dir, "report", "attach.jfr", "-o", "attach.collapsed");
        assertThat(collapsed.stderr()).contains("lock mode, engine jfr-lock");
        Matcher window = Pattern.compile("duration: ([0-9.]+) s").matcher(Jprof.run(dir, "report", "attach.jfr", "--top", "1").stdout());
        assertThat(window.find()).isTrue();
        double windowMillis = Double.parseDouble(window.group(1)) * 1000;
        // the two threads wait for the monitor all along, at the rate they measured over the whole run; the
        // window is the recorded one (the recording runs a little longer than --duration), first wait to last.
        // How long a waiter waits follows how long the holder spins, which follows the machine's load: over a
        // window of two seconds the rate strays from the run's average, so only within a half either way
        double monitorRate = truth("monitorWaitMs") / truth("runMs");
        Collapsed stacks = Collapsed.read(dir.resolve("attach.collapsed"));
        long monitor = waited(stacks, MONITOR, "enterMonitor");
        assertThat(monitor / 1e6).as("monitor wait in a %.0f ms window, at %.2f ms per ms", windowMillis, monitorRate)
                .isBetween(windowMillis * monitorRate * 0.5, windowMillis * monitorRate * 1.5);
        assertThat(waited(stacks, REENTRANT_LOCK, "takeLock")).isZero();
    }
}
