package dev.jprof.capture.request;

import dev.jprof.capture.jfr.HiddenClassNames;
import dev.jprof.model.FrameKind;
import dev.jprof.model.ThreadState;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * The stacks of a JFR recording that belong to requests: execution (or CPU-time) samples of a request's thread inside
 * its window (the agent's jprof.RequestWindow event, in the recording's own clock), and that thread's waits (park, monitor, sleep, socket and file I/O) clipped to the window.
 * Everything else the recording holds (other threads, other times) is left out.
 */
final class JfrRequestSamples {
    static final Set<String> ENGINES = Set.of("jfr-execution-sample", "jfr-cpu-time");
    private static final String WINDOW = "jprof.RequestWindow";
    private static final Map<String, ThreadState> WAITS = Map.of(
            "jdk.ThreadPark", ThreadState.WAITING, "jdk.JavaMonitorEnter", ThreadState.BLOCKED, "jdk.JavaMonitorWait", ThreadState.WAITING,
            "jdk.ThreadSleep", ThreadState.TIMED_WAITING, "jdk.SocketRead", ThreadState.NATIVE, "jdk.SocketWrite", ThreadState.NATIVE,
            "jdk.FileRead", ThreadState.NATIVE, "jdk.FileWrite", ThreadState.NATIVE);

    private JfrRequestSamples() {
    }

    /**
     * Per run (same order), its stacks: waits weighted by their length within the run, running samples by the
     * run's CPU time shared among them (by the interval when the CPU time is unknown), so that a sampler that
     * took fewer samples than asked still adds up to the time the thread ran.
     */
    static List<List<SampledStack>> read(Path file, List<RequestRun> runs, long intervalNanos) throws IOException {
        List<long[]> windows = windows(file, runs);
        List<List<SampledStack>> stacks = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) stacks.add(new ArrayList<>());
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent event = recording.readEvent();
                String type = event.getEventType().getName();
                boolean cpuTime = type.equals("jdk.CPUTimeSample");
                boolean sample = cpuTime || type.equals("jdk.ExecutionSample");
                ThreadState waitState = WAITS.get(type);
                if (!sample && waitState == null) continue;
                if (cpuTime && event.getBoolean("failed")) continue;
                RecordedThread thread = sample && !cpuTime ? event.getThread("sampledThread") : event.getThread();
                if (thread == null) continue;
                long tid = thread.getJavaThreadId();
                long start = nanos(event.getStartTime());
                long end = sample ? start : nanos(event.getEndTime());
                for (int r = 0; r < runs.size(); r++) {
                    long[] window = windows.get(r);
                    if (runs.get(r).threadId() != tid || end < window[0] || start > window[1]) continue;
                    RecordedStackTrace trace = event.getStackTrace();
                    if (trace == null) continue;
                    long weight = sample ? 0 : Math.min(end, window[1]) - Math.max(start, window[0]);
                    if (!sample && weight <= 0) continue;
                    stacks.get(r).add(new SampledStack(frames(trace), sample ? ThreadState.RUNNABLE : waitState, weight, sample ? null : type));
                }
            }
        }
        List<List<SampledStack>> weighted = new ArrayList<>();
        for (int r = 0; r < runs.size(); r++) weighted.add(weighted(stacks.get(r), runs.get(r), intervalNanos));
        return weighted;
    }

    /**
     * Each run's window in the recording's own clock, from the agent's jprof.RequestWindow events (by nonce); the
     * agent's wall-clock times when a run has none.
     */
    private static List<long[]> windows(Path file, List<RequestRun> runs) throws IOException {
        Map<String, long[]> byNonce = new HashMap<>();
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent event = recording.readEvent();
                if (!event.getEventType().getName().equals(WINDOW)) continue;
                byNonce.put(event.getString("nonce"), new long[] {nanos(event.getStartTime()), nanos(event.getEndTime())});
            }
        }
        List<long[]> windows = new ArrayList<>();
        for (RequestRun run : runs) {
            windows.add(byNonce.getOrDefault(run.nonce(), new long[] {run.startEpochNanos(), run.endEpochNanos()}));
        }
        return windows;
    }

    private static List<SampledStack> weighted(List<SampledStack> stacks, RequestRun run, long intervalNanos) {
        long running = stacks.stream().filter(s -> !s.waiting()).count();
        if (running == 0) return stacks;
        long cpu = run.cpuNanos() > 0 ? run.cpuNanos() : running * intervalNanos;
        List<SampledStack> out = new ArrayList<>(stacks.size());
        long given = 0;
        long seen = 0;
        for (SampledStack s : stacks) {
            if (s.waiting()) {
                out.add(s);
                continue;
            }
            seen++;
            long share = cpu * seen / running - given;
            given += share;
            out.add(new SampledStack(s.rootFirst(), s.state(), share, null));
        }
        return out;
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    private static List<SampledStack.Frame> frames(RecordedStackTrace trace) {
        List<RecordedFrame> topFirst = trace.getFrames();
        List<SampledStack.Frame> rootFirst = new ArrayList<>(topFirst.size());
        for (int i = topFirst.size() - 1; i >= 0; i--) {
            RecordedFrame f = topFirst.get(i);
            boolean known = f.getMethod() != null && f.getMethod().getType() != null;
            String cls = known ? HiddenClassNames.normalize(f.getMethod().getType().getName()) : "";
            String name = known ? f.getMethod().getName() : "[unknown frame]";
            rootFirst.add(new SampledStack.Frame(cls, name, f.getLineNumber(), kind(f.getType())));
        }
        return rootFirst;
    }

    private static FrameKind kind(String type) {
        if (type == null) return FrameKind.UNKNOWN;
        switch (type) {
            case "Interpreted": return FrameKind.INTERPRETED;
            case "JIT compiled": return FrameKind.COMPILED;
            case "Inlined": return FrameKind.INLINED;
            case "Native": return FrameKind.NATIVE;
            default: return FrameKind.UNKNOWN;
        }
    }
}
