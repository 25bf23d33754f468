package dev.jprof.capture.engine;

import dev.jprof.capture.Mode;
import dev.jprof.capture.SamplingSettings;
import dev.jprof.capture.attach.AsyncProfilerRecorder;
import dev.jprof.capture.attach.AttachRecording;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * async-profiler (bundled): samples every thread with perf_events' cpu-clock, or with its POSIX-timer
 * engines where the kernel or a container refuses perf events (it falls back by itself and its
 * recording says which ran), walking Java, native, JVM and kernel frames without safepoint bias.
 * Loaded with {@code -agentpath} at launch and through the attach mechanism for {@code --pid}.
 */
public final class AsyncEngine implements Engine {
    public static final String NAME = "async";
    /** async-profiler's default allocation sampling interval: one sample per 512 KiB allocated, per thread. */
    static final long ALLOCATION_INTERVAL_BYTES = 512 * 1024;
    /**
     * async-profiler's lock sampling (its default): a wait is recorded once the waits since the last
     * record add up to this, so every wait counts in the totals, the short ones by sample.
     */
    static final long LOCK_INTERVAL_NANOS = 10_000;
    private static final int STACK_DEPTH = 2048;

    private Path library;
    private String problem;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public synchronized String unavailable(SamplingSettings settings) {
        if (library == null && problem == null) {
            try {
                library = AsyncProfilerLibrary.find();
            } catch (IOException e) {
                problem = e.getMessage();
            }
        }
        return problem;
    }

    /** The library to load into a JVM for these settings; the exception says why there is none. */
    public Path library(SamplingSettings settings) throws IOException {
        String why = unavailable(settings);
        if (why != null) throw new IOException(why);
        return library;
    }

    @Override
    public List<String> launchOptions(SamplingSettings settings, Path workDir) throws IOException {
        Path file = workDir.resolve("%p.jfr");
        checkPath(file);
        // without DebugNonSafepoints a sample in inlined code goes to the wrong method (the demo's 50/30/20
        // came out 44/35/19); with it, right: async-profiler does not switch it on itself
        return List.of("-agentpath:" + library(settings) + "=" + startCommand(settings, file, workDir.resolve("async-profiler.log")),
                "-XX:+UnlockDiagnosticVMOptions", "-XX:+DebugNonSafepoints");
    }

    /** async-profiler reads its options up to the next ',': a path with one cannot be passed. */
    public static void checkPath(Path path) throws IOException {
        if (path.toString().indexOf(',') >= 0) throw new IOException("async-profiler cannot write to a path with ',' in it: " + path);
    }

    /**
     * The {@code start} command: the thread event and, beside it, allocations and lock waits; JFR output; its messages
     * to {@code log}, never to the program's own output.
     */
    public static String startCommand(SamplingSettings settings, Path file, Path log) {
        StringBuilder command = new StringBuilder("start");
        if (settings.mode() == Mode.CPU || settings.mode() == Mode.WALL) {
            command.append(",event=").append(settings.mode() == Mode.WALL ? "wall" : "cpu");
            command.append(",interval=").append(settings.interval().toNanos());
        }
        if (settings.mode() == Mode.ALLOC || settings.allocations()) command.append(",alloc=").append(ALLOCATION_INTERVAL_BYTES);
        if (settings.mode() == Mode.LOCK || settings.locks()) command.append(",lock=").append(settings.lockThreshold() == null ? LOCK_INTERVAL_NANOS : settings.lockThreshold().toNanos());
        command.append(",jstackdepth=").append(STACK_DEPTH);
        command.append(",log=").append(log);
        command.append(",jfr,file=").append(file);
        return command.toString();
    }

    @Override
    public AttachRecording attach(SamplingSettings settings) throws IOException {
        return new AsyncProfilerRecorder(library(settings), settings);
    }
}
