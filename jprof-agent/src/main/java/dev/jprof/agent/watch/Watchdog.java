package dev.jprof.agent.watch;

import dev.jprof.agent.AgentLog;
import dev.jprof.agent.OptionText;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;

import one.profiler.AsyncProfiler;

/**
 * Guards an async-profiler session that jprof started in this JVM by attaching: when jprof's process
 * is gone (killed, crashed) before it stopped the session, the watchdog stops async-profiler and
 * deletes the recording and its folder, so the JVM is left as if jprof had never attached. Loaded
 * with {@code watch=PID,library=PATH,dir=PATH}; {@code watch-stop} ends it once jprof is done.
 */
public final class Watchdog implements Runnable {
    public static final String OPTION = "watch=";
    public static final String STOP = "watch-stop";
    private static final long POLL_MILLIS = 200;
    private static Watchdog current;

    private final long owner;
    private final String library;
    private final String dir;
    private volatile boolean stopped;

    private Watchdog(long owner, String library, String dir) {
        this.owner = owner;
        this.library = library;
        this.dir = dir;
    }

    public static boolean isWatch(String options) {
        return options != null && options.startsWith(OPTION);
    }

    public static boolean isStop(String options) {
        return STOP.equals(options);
    }

    public static synchronized void start(String options) {
        long[] owner = {-1};
        String[] library = {null};
        String[] dir = {null};
        try {
            OptionText.forEach(options, (key, value) -> {
                switch (key) {
                    case "watch": owner[0] = Long.parseLong(value); break;
                    case "library": library[0] = value; break;
                    case "dir": dir[0] = value; break;
                    default: throw new IllegalArgumentException("unknown watchdog option '" + key + "'");
                }
            });
        } catch (RuntimeException e) {
            AgentLog.line("watchdog not started: " + e.getMessage());
            return;
        }
        if (owner[0] <= 0 || library[0] == null) {
            AgentLog.line("watchdog not started: it needs watch=PID and library=PATH");
            return;
        }
        if (current != null) current.stopped = true;
        current = new Watchdog(owner[0], library[0], dir[0]);
        Thread thread = new Thread(current, "jprof-watchdog");
        thread.setDaemon(true);
        thread.start();
    }

    public static synchronized void stop() {
        if (current != null) current.stopped = true;
        current = null;
    }

    @Override
    public void run() {
        Optional<ProcessHandle> jprof = ProcessHandle.of(owner);
        while (!stopped) {
            if (!jprof.isPresent() || !jprof.get().isAlive()) {
                cleanUp();
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
        try {
            new AsyncProfiler(library).execute("stop");
        } catch (Throwable t) {
            // not running any more
        }
        if (dir == null) return;
        try {
            Path folder = Paths.get(dir);
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
