package dev.jprof.top;

import dev.jprof.capture.Mode;
import dev.jprof.capture.SamplingSettings;
import dev.jprof.capture.attach.AsyncProfilerSession;
import dev.jprof.capture.attach.AttachException;
import dev.jprof.capture.jfr.JfrProfileReader;
import dev.jprof.model.Profile;
import dev.jprof.transform.View;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Samples from async-profiler in the JVM, the same engine {@code record} runs: its recording is cut
 * into windows of about a second, each read as a profile (native and JVM time on the Java frame that
 * caused it, as record shows it) and counted.
 */
final class AsyncSource implements SampleSource {
    private static final long WINDOW_MILLIS = 1000;

    private final AsyncProfilerSession session;
    private final Duration interval;
    private final View view;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread reader;
    private volatile String engine = "async-profiler";

    private AsyncSource(AsyncProfilerSession session, TopSettings settings, SampleCounts counts) {
        this.session = session;
        this.interval = settings.interval();
        this.view = View.defaults().withLines(true).withNativeCode(settings.nativeCode());
        this.reader = new Thread(() -> run(counts), "jprof-top-async");
        reader.setDaemon(true);
    }

    static AsyncSource start(long pid, Path library, TopSettings settings, SampleCounts counts) throws AttachException, IOException {
        AsyncProfilerSession session = AsyncProfilerSession.start(pid, library, new SamplingSettings(Mode.CPU, settings.interval()));
        AsyncSource source = new AsyncSource(session, settings, counts);
        source.reader.start();
        return source;
    }

    private void run(SampleCounts counts) {
        while (running.get()) {
            try {
                Thread.sleep(WINDOW_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            Path window;
            synchronized (this) {
                if (!running.get() || !session.alive()) return;
                try {
                    window = session.nextWindow();
                } catch (AttachException | IOException e) {
                    return;
                }
            }
            try {
                count(JfrProfileReader.read(window), counts);
            } catch (IOException | RuntimeException e) {
                // a window that cannot be read is skipped; the next one may
            } finally {
                try {
                    Files.deleteIfExists(window);
                } catch (IOException e) {
                    // the session's folder goes at the end
                }
            }
        }
    }

    private void count(Profile raw, SampleCounts counts) {
        String name = raw.attribute(dev.jprof.model.Attributes.ENGINE);
        if (name != null) engine = name;
        Profile profile = view.apply(raw);
        int time = profile.valueTypeIndex("cpu");
        int n = profile.sampleCount();
        StackSample[] samples = new StackSample[n];
        long[] nanos = new long[n];
        for (int s = 0; s < n; s++) {
            List<StackSample.Frame> frames = new ArrayList<>();
            for (int stack = profile.sampleStack(s); stack != Profile.ROOT; stack = profile.stackParent(stack)) {
                int frame = profile.stackFrame(stack);
                frames.add(new StackSample.Frame(profile.frameClass(frame), profile.frameMethod(frame), profile.frameLine(frame)));
            }
            int thread = profile.sampleThread(s);
            String threadName = thread == Profile.NO_THREAD ? "?" : profile.threadName(thread);
            samples[s] = new StackSample(threadName, List.copyOf(frames));
            nanos[s] = Math.max(1, time >= 0 ? profile.value(time, s) : interval.toNanos());
        }
        // one dump's samples reach a screen together: a window taken halfway would hold the first few only
        counts.addAll(() -> {
            for (int s = 0; s < n; s++) counts.add(samples[s], nanos[s], profile.sampleTime(s));
        });
    }

    @Override
    public String engine() {
        return engine + ", every " + interval.toMillis() + " ms";
    }

    @Override
    public synchronized void close() {
        if (!running.getAndSet(false)) return;
        reader.interrupt();
        session.close();
    }
}
