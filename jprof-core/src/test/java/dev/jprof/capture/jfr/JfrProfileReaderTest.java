package dev.jprof.capture.jfr;

import dev.jprof.capture.ProfileFormatException;
import dev.jprof.model.Attributes;
import dev.jprof.model.Profile;
import dev.jprof.model.ThreadState;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JfrProfileReaderTest {
    @TempDir
    Path dir;

    static volatile long sink;

    /** Spins for {@code millis} of this thread's CPU time, however loaded the machine is. */
    static void hotLoop(long millis) {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long end = threads.getCurrentThreadCpuTime() + millis * 1_000_000;
        long x = 0;
        while (threads.getCurrentThreadCpuTime() < end) {
            // long enough between clock reads that the thread is almost always in Java code, where JFR samples it
            for (int i = 0; i < 2_000_000; i++) x += i * 31L ^ x;
        }
        sink = x;
    }

    private Path record(Runnable inside, boolean withExecutionSamples) throws Exception {
        Path file = dir.resolve("test.jfr");
        try (Recording recording = new Recording()) {
            if (withExecutionSamples) recording.enable("jdk.ExecutionSample").withPeriod(java.time.Duration.ofMillis(10));
            recording.enable(JprofEvents.WAIT_SAMPLE);
            recording.enable(JprofEvents.THREAD_ACTIVITY);
            recording.enable(JprofEvents.RECORDING_INFO);
            recording.start();
            inside.run();
            recording.stop();
            recording.dump(file);
        }
        return file;
    }

    private static Thread spinner(String name, long millis) {
        Thread t = new Thread(() -> hotLoop(millis), name);
        t.start();
        return t;
    }

    @Test
    void readsExecutionSamplesOfAHotMethod() throws Exception {
        Path file = record(() -> join(spinner("hot-thread", 800)), true);
        Profile profile = JfrProfileReader.read(file);

        assertThat(profile.valueTypes()).extracting(v -> v.name()).containsExactly("samples", "cpu");
        assertThat(profile.attribute(Attributes.MODE)).isEqualTo("cpu");
        long hot = 0;
        long all = 0;
        for (int s = 0; s < profile.sampleCount(); s++) {
            if (!profile.threadName(profile.sampleThread(s)).equals("hot-thread")) continue;
            int[] frames = profile.stackFrames(profile.sampleStack(s));
            boolean inHot = Arrays.stream(frames).anyMatch(f -> profile.frameName(f).endsWith("JfrProfileReaderTest.hotLoop"));
            all += profile.value(0, s);
            if (inHot) hot += profile.value(0, s);
        }
        assertThat(all).isGreaterThan(20);
        assertThat(hot).isGreaterThan(all * 9 / 10);
    }

    @Test
    void aPlainJfrRecordingsSamplingPeriodSetsTheInterval() throws Exception {
        Path file = dir.resolve("plain.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("jdk.ExecutionSample").withPeriod(java.time.Duration.ofMillis(13));
            recording.enable("jdk.ActiveSetting");
            recording.start();
            join(spinner("hot-thread", 400));
            recording.stop();
            recording.dump(file);
        }
        Profile profile = JfrProfileReader.read(file);
        assertThat(profile.attribute(Attributes.INTERVAL_NANOS)).isEqualTo("13000000");
        assertThat(profile.total(1)).isEqualTo(profile.total(0) * 13_000_000L);
    }

    @Test
    void sharesEachWindowsCpuTimeAmongThatThreadsSamples() throws Exception {
        Path file = record(() -> {
            Thread t = spinner("measured", 600);
            TestEvents.ThreadActivity activity = new TestEvents.ThreadActivity();
            activity.begin();
            sleep(300);
            activity.sampledThread = t;
            activity.cpuNanos = 5_000_000_000L;
            activity.commit();
            join(t);
        }, true);
        Profile profile = JfrProfileReader.read(file);

        long cpu = 0;
        long samples = 0;
        for (int s = 0; s < profile.sampleCount(); s++) {
            if (profile.threadName(profile.sampleThread(s)).equals("measured")) {
                cpu += profile.value(1, s);
                samples += profile.value(0, s);
            }
        }
        assertThat(samples).isGreaterThan(10);
        assertThat(cpu).isEqualTo(5_000_000_000L);
    }

    @Test
    void waitSamplesKeepStateStackAndCount() throws Exception {
        Path file = record(() -> {
            TestEvents.RecordingInfo info = new TestEvents.RecordingInfo();
            info.mode = "wall";
            info.intervalNanos = 10_000_000;
            info.engine = "test-engine";
            info.debugNonSafepoints = true;
            info.commit();
            TestEvents.WaitSample wait = new TestEvents.WaitSample();
            wait.sampledThread = Thread.currentThread();
            wait.state = "TIMED_WAITING";
            wait.stack = "java.lang.Thread\tsleep\tThread.java\t-2\ncom.example.Worker\tpause\tWorker.java\t42\n"
                    + "com.example.Main\tmain\tMain.java\t7";
            wait.count = 7;
            wait.commit();
        }, false);
        Profile profile = JfrProfileReader.read(file);

        assertThat(profile.attribute(Attributes.MODE)).isEqualTo("wall");
        assertThat(profile.attribute(Attributes.ENGINE)).isEqualTo("test-engine");
        assertThat(profile.valueTypes()).extracting(v -> v.name()).containsExactly("samples", "wall");
        assertThat(profile.sampleCount()).isEqualTo(1);
        assertThat(profile.sampleState(0)).isEqualTo(ThreadState.TIMED_WAITING);
        assertThat(profile.value(0, 0)).isEqualTo(7);
        assertThat(profile.value(1, 0)).isEqualTo(70_000_000L);
        int[] frames = profile.stackFrames(profile.sampleStack(0));
        assertThat(Arrays.stream(frames).mapToObj(profile::frameName))
                .containsExactly("com.example.Main.main", "com.example.Worker.pause", "java.lang.Thread.sleep");
        assertThat(profile.frameLine(frames[1])).isEqualTo(42);
        assertThat(profile.threadName(profile.sampleThread(0))).isEqualTo(Thread.currentThread().getName());
        assertThat(profile.warnings()).isEmpty();
    }

    @Test
    void truncatedRecordingIsOneClearError() throws Exception {
        Path file = record(() -> join(spinner("hot-thread", 300)), true);
        byte[] bytes = Files.readAllBytes(file);
        Path cut = dir.resolve("cut.jfr");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));

        assertThatThrownBy(() -> JfrProfileReader.read(cut))
                .isInstanceOf(ProfileFormatException.class)
                .hasMessageContaining("cut.jfr")
                .hasMessageNotContaining("\n");
    }

    @Test
    void recordingWithoutSamplesSaysSo() throws Exception {
        Path file = record(() -> { }, false);
        assertThatThrownBy(() -> JfrProfileReader.read(file))
                .isInstanceOf(ProfileFormatException.class)
                .hasMessageContaining("no samples");
    }

    @Test
    void missingFile() {
        assertThatThrownBy(() -> JfrProfileReader.read(dir.resolve("absent.jfr"))).isInstanceOf(IOException.class);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static void join(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    static List<String> names(Profile p) {
        return java.util.stream.IntStream.range(0, p.frameCount()).mapToObj(p::frameName).toList();
    }
}
