package dev.jprof.agent.wall;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;

/**
 * Each of the process's threads' time on a core and time waiting in the run queue, from Linux's
 * /proc/self/task/TID/schedstat ("run-ns wait-ns timeslices"), as differences since the last reading,
 * and which of them is JFR's thread sampler (by its OS name, read once per new thread).
 * Not available on other systems or kernels without schedstat.
 */
final class SchedulerTimes {
    private static final Path TASKS = Paths.get("/proc/self/task");
    /** The times before a thread that started since the last reading. */
    private static final long[] NEW_THREAD = {0, 0, 0};
    /** The OS name of JFR's thread sampler, as Linux keeps it (15 characters). */
    private static final String JFR_SAMPLER = "JFR Thread Samp";

    /** Per OS thread id: {run, wait} at the last reading; null before the first. */
    private Map<Long, long[]> last;
    private long jfrSampler = -1;
    private boolean available = Files.isReadable(TASKS.resolve(String.valueOf(ProcessHandle.current().pid())).resolve("schedstat"));

    /** What a thread used since the last reading. */
    interface Sink {
        void thread(long osThreadId, long runNanos, long waitNanos, long timeslices, boolean jfrSampler);
    }

    boolean available() {
        return available;
    }

    /** Reads every thread's times and passes on, per thread that ran since the last reading, what it used (nothing the first time). */
    void read(Sink sink) {
        if (!available) return;
        Map<Long, long[]> now = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                long[] times = times(task.resolve("schedstat"));
                if (times == null) continue; // ended meanwhile
                long tid = Long.parseLong(task.getFileName().toString());
                now.put(tid, times);
                if (jfrSampler < 0 && (last == null || !last.containsKey(tid)) && isJfrSampler(task)) jfrSampler = tid;
                if (last == null) continue;
                long[] before = last.getOrDefault(tid, NEW_THREAD);
                long run = times[0] - before[0];
                if (run > 0) {
                    sink.thread(tid, run, Math.max(0, times[1] - before[1]), Math.max(0, times[2] - before[2]), tid == jfrSampler);
                }
            }
        } catch (IOException | RuntimeException e) {
            available = false;
            return;
        }
        last = now;
    }

    private static boolean isJfrSampler(Path task) {
        try {
            return new String(Files.readAllBytes(task.resolve("comm")), StandardCharsets.US_ASCII).trim().equals(JFR_SAMPLER);
        } catch (IOException e) {
            return false;
        }
    }

    /** {run ns, wait ns, timeslices}, null when unreadable. */
    private static long[] times(Path schedstat) {
        try {
            String text = new String(Files.readAllBytes(schedstat), StandardCharsets.US_ASCII).trim();
            String[] parts = text.split(" ");
            if (parts.length < 3) return null;
            return new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2])};
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }
}
