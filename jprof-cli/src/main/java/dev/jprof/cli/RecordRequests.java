package dev.jprof.cli;

import dev.jprof.capture.attach.AttachException;
import dev.jprof.capture.launch.LaunchRecorder;
import dev.jprof.capture.launch.LaunchResult;
import dev.jprof.capture.request.KeptRequests;
import dev.jprof.capture.request.RequestRun;
import dev.jprof.capture.request.SlowRequestWatch;
import dev.jprof.model.Unit;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code record --requests slower-than=TIME -o DIR}: a server launched or attached to, every request watched, the
 * profile of each one slower than TIME kept in DIR, one line per kept request on stderr.
 */
final class RecordRequests {
    private static final long COLLECT_MILLIS = 250;
    private final long slowerNanos;
    private final long intervalNanos;
    private final KeptRequests kept;
    private final PrintStream messages;
    private int count;

    /** @param interval the sampling interval, null for {@link #defaultIntervalNanos} */
    RecordRequests(String spec, Duration interval, Path dir, int keep, long keepBytes, PrintStream messages) {
        this.slowerNanos = slowerThan(spec);
        this.intervalNanos = interval != null ? interval.toNanos() : defaultIntervalNanos(slowerNanos);
        if (intervalNanos < 1_000_000) throw new UserError("--interval must be at least 1ms with --requests");
        if (keep < 1) throw new UserError("--keep must be at least 1");
        if (keepBytes < 1) throw new UserError("--keep-size must be positive");
        if (dir == null) throw new UserError("--requests needs -o DIR: the folder the slow requests' profiles go to");
        if (Files.exists(dir) && !Files.isDirectory(dir)) throw new UserError(dir + ": not a directory (--requests writes one file per request into -o DIR)");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UserError(dir + ": cannot create the directory (" + e.getMessage() + ")");
        }
        if (!Files.isWritable(dir)) throw new UserError(dir + ": permission denied");
        this.kept = new KeptRequests(dir, keep, keepBytes);
        this.messages = messages;
    }

    /**
     * About a hundred samples over the threshold's length, 1 ms to 10 ms: the sampler runs for every thread of the
     * server all along, so its rate is the watch's fixed cost (BENCHMARKS.md, "Web requests"), while a kept request,
     * slower than the threshold, still gets a hundred samples or more of its own.
     */
    static long defaultIntervalNanos(long slowerNanos) {
        return Math.max(1_000_000L, Math.min(10_000_000L, slowerNanos / 100 / 1_000_000 * 1_000_000));
    }

    /** "slower-than=500ms". */
    static long slowerThan(String spec) {
        String s = spec.trim();
        if (!s.startsWith("slower-than=")) throw new UserError("--requests takes slower-than=TIME (500ms, 2s), got '" + spec + "'");
        Duration d;
        try {
            d = DurationConverter.parse(s.substring("slower-than=".length()));
        } catch (RuntimeException e) {
            throw new UserError("--requests: " + e.getMessage());
        }
        if (d.isNegative() || d.isZero()) throw new UserError("--requests: slower-than must be positive");
        return d.toNanos();
    }

    int launch(List<String> command) throws IOException {
        Path work = WorkDir.create();
        try {
            SlowRequestWatch watch = new SlowRequestWatch(staging(work), kept);
            announce();
            AtomicBoolean done = new AtomicBoolean();
            Thread collector = new Thread(() -> {
                while (!done.get()) {
                    collect(watch);
                    try {
                        Thread.sleep(COLLECT_MILLIS);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "jprof-collect-requests");
            collector.setDaemon(true);
            LaunchResult result;
            try {
                String options = watch.agentOptions(slowerNanos, intervalNanos);
                collector.start();
                result = LaunchRecorder.watchingRequests(options, work).run(command);
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            } catch (IOException e) {
                throw new UserError(e.getMessage(), 127);
            } finally {
                done.set(true);
                collector.interrupt();
                try {
                    collector.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            collect(watch);
            summary();
            return result.exitCode();
        } finally {
            WorkDir.delete(work);
        }
    }

    int attach(long pid, Duration duration) throws IOException {
        Path work = WorkDir.create();
        try (SlowRequestWatch watch = new SlowRequestWatch(staging(work), kept)) {
            try {
                watch.attach(pid, slowerNanos, intervalNanos);
            } catch (AttachException | IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            } catch (IOException e) {
                throw new UserError(e.getMessage());
            }
            announce();
            if (duration == null) messages.println("jprof: watching the requests of " + pid + ", press Ctrl-C to stop");
            AtomicBoolean stop = new AtomicBoolean();
            Interrupts interrupts = Interrupts.onInterrupt(() -> stop.set(true));
            long end = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
            try {
                while (!stop.get() && System.nanoTime() < end && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    collect(watch);
                    try {
                        Thread.sleep(COLLECT_MILLIS);
                    } catch (InterruptedException e) {
                        break;
                    }
                }
                try {
                    watch.stop();
                } catch (AttachException e) {
                    messages.println("jprof: warning: could not tell JVM " + pid + " to stop watching (" + e.getMessage()
                            + "); it stops by itself now that its folder is gone");
                }
            } finally {
                interrupts.restore();
            }
            collect(watch);
            summary();
            return 0;
        } finally {
            WorkDir.delete(work);
        }
    }

    private static Path staging(Path work) throws IOException {
        return Files.createDirectory(work.resolve("requests"));
    }

    private void announce() {
        messages.printf(Locale.ROOT, "jprof: keeping the profiles of requests slower than %s in %s (the newest %d, %s at most), sampled every %s%n",
                Unit.NANOSECONDS.format(slowerNanos), kept.dir(), kept.maxCount(), Unit.BYTES.format(kept.maxBytes()),
                Unit.NANOSECONDS.format(intervalNanos));
    }

    private synchronized void collect(SlowRequestWatch watch) {
        try {
            for (SlowRequestWatch.Kept k : watch.collect()) {
                RequestRun r = k.run();
                count++;
                messages.printf(Locale.ROOT, "jprof: kept %s %s  %s  %s (cpu %s) -> %s%n", r.method(), r.url(),
                        r.async() ? "went async" : r.status() < 0 ? "-" : Integer.toString(r.status()), Unit.NANOSECONDS.format(r.wallNanos()),
                        r.cpuNanos() < 0 ? "-" : Unit.NANOSECONDS.format(r.cpuNanos()), k.file());
            }
        } catch (IOException | RuntimeException e) {
            messages.println("jprof: warning: could not keep a batch of slow requests: " + (e.getMessage() == null ? e : e.getMessage()));
        }
    }

    private void summary() throws IOException {
        messages.printf(Locale.ROOT, "jprof: %d slow request%s kept; %d profile%s in %s%n", count, count == 1 ? "" : "s",
                kept.files().size(), kept.files().size() == 1 ? "" : "s", kept.dir());
    }
}
