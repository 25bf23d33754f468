package dev.jprof.top;

import dev.jprof.capture.jfr.HiddenClassNames;
import dev.jprof.top.StackSample.Frame;
import jdk.jfr.consumer.EventStream;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reads the samples of a JVM's JFR disk repository as the JVM flushes them (about once a second)
 * into {@link SampleCounts}, on a thread of its own. A jdk.ExecutionSample counts as one interval
 * of CPU; a jdk.CPUTimeSample (JDK 25) as its own sampling period.
 */
final class SampleStream implements AutoCloseable {
    private final EventStream stream;
    private final AtomicLong flushes = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    private SampleStream(EventStream stream) {
        this.stream = stream;
    }

    static SampleStream start(Path repository, Duration interval, SampleCounts counts) throws IOException {
        EventStream stream = EventStream.openRepository(repository);
        SampleStream samples = new SampleStream(stream);
        long intervalNanos = interval.toNanos();
        stream.setOrdered(false);
        stream.onEvent("jdk.ExecutionSample", e -> add(counts, e, e.getThread("sampledThread"), intervalNanos));
        stream.onEvent("jdk.CPUTimeSample", e -> add(counts, e, e.getThread("eventThread"),
                e.getDuration("samplingPeriod").toNanos()));
        stream.onFlush(samples.flushes::incrementAndGet);
        stream.onError(samples.failure::set);
        stream.startAsync();
        return samples;
    }

    private static void add(SampleCounts counts, RecordedEvent event, RecordedThread thread, long nanos) {
        RecordedStackTrace trace = event.getStackTrace();
        if (trace == null || trace.getFrames().isEmpty()) return;
        List<Frame> frames = new ArrayList<>(trace.getFrames().size());
        for (RecordedFrame f : trace.getFrames()) {
            if (f.getMethod() == null) continue;
            String type = f.getMethod().getType() == null ? "" : HiddenClassNames.normalize(f.getMethod().getType().getName());
            frames.add(new Frame(type, f.getMethod().getName(), f.getLineNumber()));
        }
        String name = thread == null ? "?" : thread.getJavaName() != null ? thread.getJavaName() : thread.getOSName();
        java.time.Instant time = event.getStartTime();
        counts.add(new StackSample(name == null ? "?" : name, List.copyOf(frames)), Math.max(1, nanos),
                time.getEpochSecond() * 1_000_000_000L + time.getNano());
    }

    /** How many times the JVM's data has been read so far. */
    long flushes() {
        return flushes.get();
    }

    /** The error that stopped the stream, or null. */
    Throwable failure() {
        return failure.get();
    }

    @Override
    public void close() {
        stream.close();
    }
}
