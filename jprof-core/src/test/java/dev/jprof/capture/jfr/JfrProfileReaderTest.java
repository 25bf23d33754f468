package dev.jprof.capture.jfr;

import dev.jprof.capture.ProfileFormatException;
import dev.jprof.model.Attributes;
import dev.jprof.model.Profile;
import dev.jprof.model.ThreadState;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
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
    void chunksReadBySeveralThreadsMakeTheSameProfileAsOneThread() throws Exception {
        // three recordings of different work, one after the other in a file: three chunks
        ByteArrayOutputStream concatenated = new ByteArrayOutputStream();
        String[] engines = {"first", "second", "third"};
        for (int i = 0; i < 3; i++) {
            String engine = engines[i];
            Path part = record(() -> {
                TestEvents.RecordingInfo info = new TestEvents.RecordingInfo();
                info.mode = "cpu";
                info.intervalNanos = 10_000_000;
                info.engine = engine;
                info.commit();
                Thread t = spinner("spinner-" + engine, 300);
                TestEvents.WaitSample wait = new TestEvents.WaitSample();
                wait.sampledThread = Thread.currentThread();
                wait.state = "WAITING";
                wait.stack = "com.example.Waiter\t" + engine + "\tWaiter.java\t3";
                wait.count = 2;
                wait.commit();
                join(t);
            }, true);
            concatenated.write(Files.readAllBytes(part));
        }
        Path file = dir.resolve("three.jfr");
        Files.write(file, concatenated.toByteArray());

        Profile one = JfrProfileReader.read(file, List.of(), 1);
        Profile three = JfrProfileReader.read(file, List.of(), 3);

        assertThat(samples(one)).anyMatch(s -> s.contains("spinner-first")).anyMatch(s -> s.contains("spinner-third"))
                .anyMatch(s -> s.contains("Waiter.second"));
        assertThat(samples(three)).containsExactlyInAnyOrderElementsOf(samples(one));
        assertThat(three.attributes()).isEqualTo(one.attributes());
        assertThat(three.attribute(Attributes.ENGINE)).isEqualTo("third");
        assertThat(three.warnings()).isEqualTo(one.warnings());

        // damage in the last chunk, read by another thread, is still one clear error
        byte[] bytes = concatenated.toByteArray();
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes);
        int last = 0;
        for (int chunk = 0; chunk < 2; chunk++) last += (int) buffer.getLong(last + 8);
        buffer.putLong(last + 16, Long.MAX_VALUE / 2);
        Path damaged = dir.resolve("damaged.jfr");
        Files.write(damaged, bytes);
        assertThatThrownBy(() -> JfrProfileReader.read(damaged, List.of(), 3))
                .isInstanceOf(ProfileFormatException.class).hasMessageContaining("damaged.jfr");
    }

    /** Each sample as text: thread, state, time, values and frames. */
    private static List<String> samples(Profile profile) {
        List<String> all = new java.util.ArrayList<>();
        for (int s = 0; s < profile.sampleCount(); s++) {
            StringBuilder text = new StringBuilder(profile.threadName(profile.sampleThread(s)));
            text.append(' ').append(profile.sampleState(s)).append(' ').append(profile.sampleTime(s));
            for (int v = 0; v < profile.valueTypes().size(); v++) text.append(' ').append(profile.value(v, s));
            for (int f : profile.stackFrames(profile.sampleStack(s))) {
                text.append(';').append(profile.frameName(f)).append(':').append(profile.frameLine(f))
                        .append(profile.frameKind(f));
            }
            all.add(text.toString());
        }
        return all;
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
    void aThreadBlockedInANativeReadGetsNoCpuWhileANativeLoopGetsItsOwn() throws Exception {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        java.nio.channels.Pipe pipe = java.nio.channels.Pipe.open();
        Thread reader = new Thread(() -> {
            try {
                pipe.source().read(java.nio.ByteBuffer.allocate(1));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, "native-reader");
        long[] compressorCpu = new long[1];
        Thread compressor = new Thread(() -> {
            TestEvents.ThreadActivity window = new TestEvents.ThreadActivity();
            window.begin();
            long before = mx.getCurrentThreadCpuTime();
            deflate(600);
            window.sampledThread = Thread.currentThread();
            window.cpuNanos = mx.getCurrentThreadCpuTime() - before;
            window.commit();
            compressorCpu[0] = window.cpuNanos;
        }, "native-compressor");
        Path file = dir.resolve("native.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("jdk.ExecutionSample").withPeriod(java.time.Duration.ofMillis(10));
            recording.enable("jdk.NativeMethodSample").withPeriod(java.time.Duration.ofMillis(10));
            recording.enable(JprofEvents.THREAD_ACTIVITY);
            recording.enable(JprofEvents.RECORDING_INFO);
            recording.start();
            TestEvents.RecordingInfo info = new TestEvents.RecordingInfo();
            info.mode = "cpu";
            info.intervalNanos = 10_000_000;
            info.engine = "jfr-execution-sample";
            info.commit();
            reader.start();
            compressor.start();
            TestEvents.ThreadActivity readerWindow = new TestEvents.ThreadActivity();
            readerWindow.begin();
            long readerBefore = mx.getThreadCpuTime(reader.getId());
            join(compressor);
            readerWindow.sampledThread = reader;
            readerWindow.cpuNanos = mx.getThreadCpuTime(reader.getId()) - readerBefore;
            readerWindow.commit();
            recording.stop();
            recording.dump(file);
        } finally {
            pipe.sink().write(java.nio.ByteBuffer.wrap(new byte[] {1}));
            join(reader);
        }
        long readerSamples = jdk.jfr.consumer.RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals("jdk.NativeMethodSample"))
                .filter(e -> "native-reader".equals(e.getThread("sampledThread").getJavaName())).count();
        assertThat(readerSamples).as("JFR's native samples of the blocked thread").isGreaterThan(5);

        Profile profile = JfrProfileReader.read(file);
        long[] reading = new long[2];
        long compressing = 0;
        long inDeflater = 0;
        for (int s = 0; s < profile.sampleCount(); s++) {
            String thread = profile.threadName(profile.sampleThread(s));
            if (thread.equals("native-reader")) {
                reading[0] += profile.value(0, s);
                reading[1] += profile.value(1, s);
            } else if (thread.equals("native-compressor")) {
                compressing += profile.value(1, s);
                int[] frames = profile.stackFrames(profile.sampleStack(s));
                if (Arrays.stream(frames).anyMatch(f -> profile.frameName(f).contains("Deflater.deflate"))) inDeflater += profile.value(1, s);
            }
        }
        assertThat(reading[1]).as("CPU time of the blocked thread").isLessThan(5_000_000L);
        assertThat(reading[0]).as("samples of the blocked thread").isLessThanOrEqualTo(1);
        assertThat(compressing).isEqualTo(compressorCpu[0]);
        assertThat(inDeflater).as("CPU time in zlib's deflate").isGreaterThan(compressing / 2);
        assertThat(profile.warnings()).anyMatch(w -> w.startsWith("time spent inside the JVM"));
    }

    /** Deflates in native code until this thread used {@code millis} of CPU time. */
    private static void deflate(long millis) {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long end = threads.getCurrentThreadCpuTime() + millis * 1_000_000;
        byte[] input = new byte[1 << 20];
        new java.util.Random(1).nextBytes(input);
        byte[] output = new byte[input.length + 4096];
        java.util.zip.Deflater deflater = new java.util.zip.Deflater(9, true);
        while (threads.getCurrentThreadCpuTime() < end) {
            deflater.reset();
            deflater.setInput(input);
            deflater.finish();
            while (!deflater.finished()) deflater.deflate(output);
        }
        deflater.end();
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
