package dev.jprof.capture.jfr.file;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The reader against the JDK's own parser, on the same recordings. */
class JfrFileTest {
    @TempDir
    Path dir;

    static volatile long sink;

    private Path record() throws Exception {
        Path file = dir.resolve("test.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
            recording.enable("jdk.ThreadSleep").withoutThreshold().withStackTrace();
            recording.enable("jdk.JVMInformation");
            recording.start();
            Thread worker = new Thread(() -> {
                long end = System.nanoTime() + 600_000_000L;
                long x = 0;
                for (int round = 0; System.nanoTime() < end; round++) {
                    for (int i = 0; i < 10_000; i++) x += i * 31L ^ x;
                    if (round % 500 == 0) sleep();
                }
                sink = x;
            }, "worker \"quoted\" ünïcode");
            worker.start();
            worker.join();
            recording.stop();
            recording.dump(file);
        }
        return file;
    }

    private static void sleep() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String describe(RecordedEvent e) {
        StringBuilder text = new StringBuilder(e.getEventType().getName());
        long start = e.getStartTime().getEpochSecond() * 1_000_000_000L + e.getStartTime().getNano();
        long end = e.getEndTime().getEpochSecond() * 1_000_000_000L + e.getEndTime().getNano();
        text.append(' ').append(start / 1000).append(' ').append((end - start) / 1000);
        RecordedThread t = e.hasField("sampledThread") ? e.getThread("sampledThread") : e.getThread();
        if (t != null) text.append(" [").append(t.getJavaName()).append('#').append(t.getJavaThreadId()).append(']');
        if (e.hasField("jvmVersion")) text.append(' ').append(e.getString("jvmVersion"));
        RecordedStackTrace trace = e.getStackTrace();
        if (trace != null) {
            if (trace.isTruncated()) text.append(" truncated");
            for (RecordedFrame f : trace.getFrames()) {
                text.append("\n  ").append(f.getMethod().getType().getName()).append('.').append(f.getMethod().getName())
                        .append(':').append(f.getLineNumber()).append(' ').append(f.getType());
            }
        }
        return text.toString();
    }

    private static String describe(JfrEvent e) {
        return describe(e, e.getStackTrace());
    }

    private static String describe(JfrEvent e, JfrStackTrace trace) {
        StringBuilder text = new StringBuilder(e.type().name());
        text.append(' ').append(e.startNanos() / 1000).append(' ').append((e.endNanos() - e.startNanos()) / 1000);
        JfrThread t = e.hasField("sampledThread") ? e.getThread("sampledThread") : e.hasField("eventThread") ? e.getThread("eventThread") : null;
        if (t != null) text.append(" [").append(t.javaName()).append('#').append(t.javaThreadId()).append(']');
        if (e.hasField("jvmVersion")) text.append(' ').append(e.getString("jvmVersion"));
        if (trace != null) {
            if (trace.truncated()) text.append(" truncated");
            for (int i = 0; i < trace.depth(); i++) {
                text.append("\n  ").append(trace.className(i)).append('.').append(trace.methodName(i))
                        .append(':').append(trace.line(i)).append(' ').append(trace.frameType(i));
            }
        }
        return text.toString();
    }

    @Test
    void readsTheSameEventsAsTheJdksParser() throws Exception {
        Path file = record();
        Set<String> names = Set.of("jdk.ExecutionSample", "jdk.ThreadSleep", "jdk.JVMInformation");
        List<String> expected = new ArrayList<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (names.contains(e.getEventType().getName())) expected.add(describe(e));
        }
        List<String> actual = new ArrayList<>();
        JfrFile.read(file, names, e -> actual.add(describe(e)));

        assertThat(expected).anyMatch(s -> s.startsWith("jdk.ExecutionSample")).anyMatch(s -> s.startsWith("jdk.ThreadSleep"));
        assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void oneReusedStackTraceReadsEveryEventsTrace() throws Exception {
        Path file = record();
        Set<String> names = Set.of("jdk.ExecutionSample", "jdk.ThreadSleep");
        List<String> fresh = new ArrayList<>();
        JfrFile.read(file, names, e -> fresh.add(describe(e)));
        List<String> reused = new ArrayList<>();
        JfrStackTrace trace = new JfrStackTrace();
        JfrFile.read(file, names, e -> reused.add(describe(e, e.readStackTrace(trace) ? trace : null)));

        assertThat(fresh).anyMatch(s -> s.contains("\n  "));
        assertThat(reused).containsExactlyElementsOf(fresh);
    }

    @Test
    void typeLabelsAndTimespansComeFromTheMetadata() throws Exception {
        Path file = record();
        List<String> seen = new ArrayList<>();
        JfrFile.read(file, Set.of("jdk.ThreadSleep"), e -> seen.add(e.type().label() + " " + (e.getNanos("time") > 0)));
        assertThat(seen).isNotEmpty().allMatch(s -> s.equals("Java Thread Sleep true"));
    }

    @Test
    void aTruncatedFileIsOneClearError() throws Exception {
        Path file = record();
        byte[] bytes = Files.readAllBytes(file);
        Path cut = dir.resolve("cut.jfr");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> JfrFile.read(cut, Set.of("jdk.ExecutionSample"), e -> { }))
                .isInstanceOf(JfrFormatException.class).hasMessageContaining("truncated");
    }

    @Test
    void damagedBytesAreAFormatErrorNotACrash() throws Exception {
        Path file = record();
        byte[] bytes = Files.readAllBytes(file);
        java.util.Random random = new java.util.Random(7);
        for (int round = 0; round < 40; round++) {
            byte[] damaged = bytes.clone();
            for (int i = 0; i < 20; i++) damaged[68 + random.nextInt(damaged.length - 68)] = (byte) random.nextInt();
            Path bad = dir.resolve("bad" + round + ".jfr");
            Files.write(bad, damaged);
            try {
                JfrFile.read(bad, Set.of("jdk.ExecutionSample", "jdk.ThreadSleep"), e -> describe(e));
            } catch (JfrFormatException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
    }

    @Test
    void notJfrAtAll() throws Exception {
        Path file = dir.resolve("x.jfr");
        Files.writeString(file, "this is not a flight recording, just enough text to fill a header......");
        assertThatThrownBy(() -> JfrFile.read(file, Set.of(), e -> { })).isInstanceOf(JfrFormatException.class)
                .hasMessageContaining("no JFR chunk");
    }
}
