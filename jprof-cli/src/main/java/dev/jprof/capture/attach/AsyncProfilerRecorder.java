package dev.jprof.capture.attach;

import dev.jprof.capture.SamplingSettings;
import dev.jprof.capture.attach.AttachException.Reason;
import dev.jprof.capture.jfr.ThreadActivity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Samples a running JVM with async-profiler for a while ({@link AsyncProfilerSession}) and copies the recording out. */
public final class AsyncProfilerRecorder implements AttachRecording {
    private static final long POLL_MILLIS = 100;
    static final String ENGINE = "async-profiler via attach";

    private final Path library;
    private final SamplingSettings settings;

    public AsyncProfilerRecorder(Path library, SamplingSettings settings) {
        this.library = library;
        this.settings = settings;
    }

    /**
     * @throws AttachException with reason {@link Reason#AGENT_FAILED} when async-profiler could not be
     *                         loaded or started in the JVM (nothing ran: another engine may try)
     */
    @Override
    public AttachResult record(long pid, Duration duration, Path out, BooleanSupplier stopRequested)
            throws AttachException, IOException {
        BooleanSupplier stop = stopRequested == null ? () -> false : stopRequested;
        try (AsyncProfilerSession session = AsyncProfilerSession.start(pid, library, settings)) {
            long begin = System.nanoTime();
            List<String> warnings = new ArrayList<>(session.warnings());
            Path recording = null;
            if (!waitUntilDone(session, duration, stop, begin)) {
                try {
                    recording = session.stop();
                } catch (AttachException e) {
                    if (e.reason() != Reason.NO_SUCH_PROCESS) throw e;
                }
            }
            if (recording == null) {
                recording = session.afterExit();
                String after = String.format("%.1f s", (System.nanoTime() - begin) / 1e9);
                if (recording == null) {
                    throw new AttachException(Reason.TARGET_EXITED, "JVM " + pid + " exited after " + after
                            + " of recording, before async-profiler wrote its recording (a JVM killed outright keeps none"
                            + " with this engine; --engine jfr rebuilds it from JFR's repository)");
                }
                warnings.add("JVM " + pid + " exited after " + after + " of recording: the profile holds what it recorded until then");
            }
            Files.move(recording, out, StandardCopyOption.REPLACE_EXISTING);
            return new AttachResult(out, List.<ThreadActivity>of(), warnings, ENGINE, session.version());
        }
    }

    private static boolean waitUntilDone(AsyncProfilerSession session, Duration duration, BooleanSupplier stop, long start) {
        long end = duration == null ? Long.MAX_VALUE : start + duration.toNanos();
        while (true) {
            if (stop.getAsBoolean() || Thread.currentThread().isInterrupted()) return false;
            long left = end - System.nanoTime();
            if (left <= 0) return false;
            if (!session.alive()) return true;
            try {
                Thread.sleep(Math.min(POLL_MILLIS, Math.max(1, left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
