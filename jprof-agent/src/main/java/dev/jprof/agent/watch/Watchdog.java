package dev.jprof.agent.watch;

import dev.jprof.agent.AgentLog;
import dev.jprof.agent.OptionText;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import one.profiler.AsyncProfiler;

/**
 * Guards what a jprof process started in this JVM by attaching: when that process is gone (killed,
 * crashed) before it cleaned up, the watchdog stops async-profiler ({@code library=PATH}), closes
 * jprof's JFR recording ({@code recording=NAME}), stops jprof's wall sampler ({@code sampler=true})
 * and deletes jprof's folder of files for this JVM ({@code dir=PATH}), so the JVM is left as if jprof
 * had never attached. Loaded with {@code watch=PID,...}; {@code watch-stop=PID} ends the watch of that
 * jprof once it is done. Each jprof process has its own watch, so two can attach at once.
 */
public final class Watchdog implements Runnable {
    public static final String OPTION = "watch=";
    public static final String STOP = "watch-stop=";
    private static final long POLL_MILLIS = 200;
    private static final Map<Long, Watchdog> WATCHES = new HashMap<>();

    private final long owner;
    private final String library;
    private final String recording;
    private final boolean sampler;
    private final String dir;
    private volatile boolean stopped;
    private Thread thread;

    private Watchdog(long owner, String library, String recording, boolean sampler, String dir) {
        this.owner = owner;
        this.library = library;
        this.recording = recording;
        this.sampler = sampler;
        this.dir = dir;
    }

    public static boolean isWatch(String options) {
        return options != null && options.startsWith(OPTION);
    }

    public static boolean isStop(String options) {
        return options != null && options.startsWith(STOP);
    }

    public static synchronized void start(String options) {
        long[] owner = {-1};
        String[] text = {null, null, null};
        boolean[] sampler = {false};
        try {
            OptionText.forEach(options, (key, value) -> {
                switch (key) {
                    case "watch": owner[0] = Long.parseLong(value); break;
                    case "library": text[0] = value; break;
                    case "recording": text[1] = value; break;
                    case "sampler": sampler[0] = Boolean.parseBoolean(value); break;
                    case "dir": text[2] = value; break;
                    default: throw new IllegalArgumentException("unknown watchdog option '" + key + "'");
                }
            });
        } catch (RuntimeException e) {
            AgentLog.line("watchdog not started: " + e.getMessage());
            return;
        }
        if (owner[0] <= 0) {
            AgentLog.line("watchdog not started: it needs watch=PID");
            return;
        }
        Watchdog previous = WATCHES.get(owner[0]);
        if (previous != null) previous.end();
        Watchdog watch = new Watchdog(owner[0], text[0], text[1], sampler[0], text[2]);
        WATCHES.put(owner[0], watch);
        watch.thread = new Thread(watch, "jprof-watchdog-" + owner[0]);
        watch.thread.setDaemon(true);
        watch.thread.start();
    }

    /** Ends the watch of the jprof process named in {@code watch-stop=PID}: it cleaned up itself. */
    public static synchronized void stop(String options) {
        try {
            Watchdog watch = WATCHES.remove(Long.parseLong(options.substring(STOP.length()).trim()));
            if (watch != null) watch.end();
        } catch (NumberFormatException e) {
            AgentLog.line("watchdog: bad option '" + options + "'");
        }
    }

    /** Ends the watch now, so that its thread is gone when jprof detaches. */
    private void end() {
        stopped = true;
        thread.interrupt();
        try {
            thread.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void run() {
        Optional<ProcessHandle> jprof = ProcessHandle.of(owner);
        while (!stopped) {
            if (!jprof.isPresent() || !jprof.get().isAlive()) {
                cleanUp();
                synchronized (Watchdog.class) {
                    WATCHES.remove(owner, this);
                }
                return;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void cleanUp() {
        if (library != null) {
            try {
                new AsyncProfiler(library).execute("stop");
            } catch (Throwable t) {
                // not running any more
            }
        }
        if (sampler) WallSamplerStop.stop();
        if (recording != null) JfrRecordings.close(recording);
        if (dir != null) delete(Paths.get(dir));
    }

    private static void delete(Path folder) {
        try {
            if (Files.isDirectory(folder)) {
                try (var files = Files.list(folder)) {
                    files.forEach(f -> f.toFile().delete());
                }
                Files.deleteIfExists(folder);
            }
        } catch (Throwable t) {
            // left in the temporary folder
        }
    }
}
