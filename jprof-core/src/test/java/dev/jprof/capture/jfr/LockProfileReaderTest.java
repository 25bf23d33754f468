package dev.jprof.capture.jfr;

import dev.jprof.capture.ProfileFormatException;
import dev.jprof.model.Attributes;
import dev.jprof.model.FrameKind;
import dev.jprof.model.Profile;
import dev.jprof.model.ThreadState;
import dev.jprof.model.Unit;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Lock recordings of this JVM, and async-profiler's, read back.
 *
 * <p>The async-profiler files were made with async-profiler 4.5 on JDK 17, the {@link LockWorkload}
 * writing what it measured beside each:
 * {@code java -agentpath:libasyncProfiler.so=start,lock=0,jfr,file=async-profiler-lock.jfr
 * -cp jprof-core/target/test-classes dev.jprof.capture.jfr.LockWorkload async-profiler-lock.properties}
 * and the same with {@code lock=100ms} into {@code async-profiler-lock-sampled.*}.
 */
class LockProfileReaderTest {
    private static final String MONITOR = LockWorkload.Monitor.class.getName();
    private static final String REENTRANT_LOCK = "java.util.concurrent.locks.ReentrantLock$NonfairSync";

    @TempDir
    Path dir;

    @Test
    void waitsByStackWithTheLockOnTop() throws Exception {
        Path file = dir.resolve("lock.jfr");
        LockWorkload workload;
        try (Recording recording = new Recording()) {
            recording.enable(LockProfileReader.MONITOR_ENTER).withStackTrace().withThreshold(java.time.Duration.ofMillis(1));
            recording.enable(LockProfileReader.THREAD_PARK).withStackTrace().withThreshold(java.time.Duration.ofMillis(1));
            recording.enable("jdk.ActiveSetting");
            recording.start();
            workload = new LockWorkload().run();
            recording.stop();
            recording.dump(file);
        }
        assertThat(LockProfileReader.isLockRecording(file)).isTrue();
        Profile profile = JfrProfileReader.read(file);
        assertThat(profile.attribute(Attributes.MODE)).isEqualTo("lock");
        assertThat(profile.attribute(Attributes.ENGINE)).isEqualTo("jfr-lock");
        assertThat(profile.attribute(Attributes.LOCK_THRESHOLD_NANOS)).isEqualTo("1000000");
        assertThat(profile.valueTypes().get(0).unit()).isEqualTo(Unit.NANOSECONDS);
        assertThat(profile.valueTypeIndex("count")).isEqualTo(1);

        Map<String, Long> byLock = waitByLockAndMethod(profile);
        assertClose(byLock.get(MONITOR + " in enterMonitor"), workload.monitorWaitNanos);
        assertClose(byLock.get(REENTRANT_LOCK + " in takeLock"), workload.lockWaitNanos);
        // the latches between the rounds are parks, but not on a lock
        assertThat(byLock.keySet()).allMatch(key -> key.startsWith(MONITOR) || key.startsWith(REENTRANT_LOCK), "only the two locks");
        assertThat(profile.warnings()).anyMatch(w -> w.contains("waited for work or a signal"));
        for (int s = 0; s < profile.sampleCount(); s++) {
            String lock = profile.frameName(profile.stackFrame(profile.sampleStack(s)));
            assertThat(profile.sampleState(s)).isEqualTo(lock.equals(MONITOR) ? ThreadState.BLOCKED : ThreadState.WAITING);
        }
    }

    @Test
    void asyncProfilersLockEvents() throws Exception {
        Path file = resource("async-profiler-lock.jfr");
        Properties measured = properties("async-profiler-lock.properties");
        assertThat(LockProfileReader.isLockRecording(file)).isTrue();
        Profile profile = JfrProfileReader.read(file);
        assertThat(profile.attribute(Attributes.ENGINE)).isEqualTo("async-profiler lock");
        Map<String, Long> byLock = waitByLockAndMethod(profile);
        assertClose(byLock.get(MONITOR + " in enterMonitor"), Long.parseLong(measured.getProperty("monitorWaitNanos")));
        assertClose(byLock.get(REENTRANT_LOCK + " in takeLock"), Long.parseLong(measured.getProperty("lockWaitNanos")));
        assertThat(profile.total(1)).isEqualTo(2L * LockWorkload.ROUNDS);
    }

    /** async-profiler records a wait once the waits add up to its interval: each record stands for at least the interval. */
    @Test
    void asyncProfilersSampledLockEventsStandForTheirInterval() throws Exception {
        Path file = resource("async-profiler-lock-sampled.jfr");
        Properties measured = properties("async-profiler-lock-sampled.properties");
        Profile profile = LockProfileReader.read(file);
        long interval = Long.parseLong(profile.attribute(Attributes.LOCK_INTERVAL_NANOS));
        assertThat(interval).isEqualTo(100_000_000L);
        long waited = Long.parseLong(measured.getProperty("monitorWaitNanos")) + Long.parseLong(measured.getProperty("lockWaitNanos"));
        assertThat(profile.total(1)).isLessThan(2L * LockWorkload.ROUNDS);
        // the estimate misses at most the last, unfinished interval; the records' own durations (a wait
        // each, some 25 ms) would miss most of the waiting
        assertThat(profile.total(0)).isBetween(waited - interval, waited + waited / 10);
    }

    @Test
    void aRecordingWithoutLockEventsSaysSo() throws Exception {
        Path file = dir.resolve("empty.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("jdk.JVMInformation");
            recording.start();
            recording.stop();
            recording.dump(file);
        }
        assertThat(LockProfileReader.isLockRecording(file)).isFalse();
        assertThatThrownBy(() -> LockProfileReader.read(file)).isInstanceOf(ProfileFormatException.class)
                .hasMessageContaining("no lock waits").hasMessageNotContaining("\n");
    }

    @Test
    void aFileThatIsNotJfrSaysSo() throws Exception {
        Path file = Files.writeString(dir.resolve("not.jfr"), "hello");
        assertThatThrownBy(() -> LockProfileReader.read(file)).isInstanceOf(ProfileFormatException.class)
                .hasMessageContaining("not a readable JFR recording");
    }

    /** Wait time per "lock in method", the method being the first of the workload's below the lock frame. */
    private static Map<String, Long> waitByLockAndMethod(Profile profile) {
        Map<String, Long> byLock = new HashMap<>();
        for (int s = 0; s < profile.sampleCount(); s++) {
            int stack = profile.sampleStack(s);
            int leaf = profile.stackFrame(stack);
            assertThat(profile.frameKind(leaf)).isEqualTo(FrameKind.LOCK);
            String method = "?";
            int[] frames = profile.stackFrames(stack);
            for (int f : frames) {
                String name = profile.frameName(f);
                if (name.startsWith(LockWorkload.class.getName() + ".")) method = name.substring(name.lastIndexOf('.') + 1);
            }
            byLock.merge(profile.frameName(leaf) + " in " + method, profile.value(0, s), Long::sum);
        }
        return byLock;
    }

    /**
     * The profile's wait against the workload's own measure. Both time the same wait from either
     * side of the JVM's lock code: the JVM from when it blocks or parks, the workload from before the
     * attempt, so its measure is a little longer: at most 10% or 2 ms per round apart.
     */
    private static void assertClose(Long profiled, long measured) {
        assertThat(profiled).as("lock wait in the profile").isNotNull();
        long slack = Math.max(measured / 10, 2_000_000L * LockWorkload.ROUNDS);
        assertThat(profiled).isBetween(measured - slack, measured + slack / 4);
    }

    private Path resource(String name) throws Exception {
        Path file = dir.resolve(name);
        try (InputStream in = getClass().getResourceAsStream(name)) {
            Files.copy(in, file);
        }
        return file;
    }

    private Properties properties(String name) throws Exception {
        Properties properties = new Properties();
        try (InputStream in = getClass().getResourceAsStream(name)) {
            properties.load(in);
        }
        return properties;
    }
}
