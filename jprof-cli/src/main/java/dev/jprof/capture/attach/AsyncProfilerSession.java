package dev.jprof.capture.attach;

import dev.jprof.capture.BundledFile;
import dev.jprof.capture.SamplingSettings;
import dev.jprof.capture.attach.AttachException.Reason;
import dev.jprof.capture.engine.AsyncEngine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * async-profiler running in an attached JVM, loaded through the attach mechanism (no JMX), writing JFR
 * into a folder the JVM can write. Its recording can be cut into windows ({@link #nextWindow}: stop,
 * and start again into a new file) for live views. jprof's agent runs a watchdog beside it: should jprof
 * die before it closes the session (SIGKILL, a crash), the watchdog stops the profiler and deletes the
 * folder. Closing stops both; what stays in the JVM, as after any async-profiler session, is the loaded
 * library, idle, and the agent's classes.
 */
public final class AsyncProfilerSession implements AutoCloseable {
    private final long pid;
    private final Path library;
    private final SamplingSettings settings;
    private final TargetFiles files;
    private final Path log;
    private final String version;
    private final List<String> warnings = new ArrayList<>();
    private final TargetWatch watch;
    private Path current;
    private int windows;
    private boolean running;

    private AsyncProfilerSession(long pid, Path library, SamplingSettings settings, TargetFiles files, String version)
            throws AttachException, IOException {
        this.pid = pid;
        this.library = library;
        this.settings = settings;
        this.files = files;
        this.log = files.file("async-profiler.log");
        this.version = version;
        AsyncEngine.checkPath(files.file(""));
        startWindow();
        this.watch = TargetWatch.start(pid, "library=" + library + ",dir=" + files.file(""), warnings,
                "async-profiler keeps running there");
    }

    /**
     * @throws AttachException with reason {@link Reason#AGENT_FAILED} when async-profiler could not be
     *                         loaded or started in the JVM (nothing ran: another engine may try)
     */
    public static AsyncProfilerSession start(long pid, Path library, SamplingSettings settings) throws AttachException, IOException {
        Properties properties = JvmConnection.systemProperties(pid);
        int feature = JvmConnection.featureVersion(properties.getProperty("java.specification.version"));
        if (feature > 0 && feature < 11) {
            throw new AttachException(Reason.UNSUPPORTED, "JVM " + pid + " runs Java " + feature + ": jprof attaches to Java 11 or newer");
        }
        TargetFiles files = TargetFiles.create(pid);
        try {
            AsyncProfilerSession session = new AsyncProfilerSession(pid, library, settings, files, properties.getProperty("java.vm.version", ""));
            session.describe(feature);
            return session;
        } catch (AttachException | IOException | RuntimeException e) {
            files.close();
            throw e;
        }
    }

    private void describe(int feature) {
        if (!onCommandLine("-XX:+DebugNonSafepoints")) {
            warnings.add("inlined methods are attributed to their callers in code compiled before jprof attached: start"
                    + " the JVM with -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints for exact attribution");
        }
        if (feature >= 21 && !onCommandLine("-XX:+EnableDynamicAgentLoading")) {
            warnings.add("JVM " + pid + " printed a warning about dynamically loaded agents (async-profiler"
                    + (watch != null ? " and jprof's watchdog" : "") + ") on its error output; start it with"
                    + " -XX:+EnableDynamicAgentLoading to allow this silently");
        }
    }

    private void startWindow() throws AttachException {
        current = files.file("window-" + windows++ + ".jfr");
        JvmConnection.loadAgentPath(pid, library, AsyncEngine.startCommand(settings, current, log));
        running = true;
    }

    /** Stops the profiler; its recording is complete. */
    private Path stopWindow() throws AttachException, IOException {
        running = false;
        try {
            JvmConnection.loadAgentPath(pid, library, "stop,log=" + log + ",file=" + current);
        } catch (AttachException e) {
            if (!alive()) throw JvmConnection.exited(pid);
            // the profiler ran: a failure now is no reason to sample again with another engine
            throw new AttachException(Reason.FAILED, e.getMessage(), e);
        }
        if (!Files.isRegularFile(current) || Files.size(current) == 0) {
            throw new AttachException(Reason.FAILED, "async-profiler wrote no recording in JVM " + pid + lastLogLine());
        }
        return current;
    }

    /** The recording since the last window, complete, while the profiler goes on into a new one. */
    public Path nextWindow() throws AttachException, IOException {
        Path done = stopWindow();
        startWindow();
        return done;
    }

    /** Stops the profiler for good and returns its last recording, complete. */
    public Path stop() throws AttachException, IOException {
        return stopWindow();
    }

    /**
     * The recording async-profiler wrote as the JVM shut down, once the JVM is gone (waiting up to 10 s
     * for it to go), or null when there is none: a JVM killed outright writes nothing.
     */
    public Path afterExit() throws IOException {
        running = false;
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (alive() && System.nanoTime() < deadline) sleep(100);
        return Files.isRegularFile(current) && Files.size(current) > 0 ? current : null;
    }

    public boolean alive() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    public String version() {
        return version;
    }

    /** Whether the JVM was started with this flag, as far as its command line and JAVA_TOOL_OPTIONS tell. */
    private boolean onCommandLine(String flag) {
        try {
            byte[] cmdline = Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline"));
            byte[] environ = Files.readAllBytes(Path.of("/proc/" + pid + "/environ"));
            return new String(cmdline, StandardCharsets.ISO_8859_1).contains(flag)
                    || new String(environ, StandardCharsets.ISO_8859_1).contains(flag);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private String lastLogLine() {
        try {
            List<String> lines = Files.readAllLines(log);
            return lines.isEmpty() ? "" : ": " + lines.get(lines.size() - 1).strip();
        } catch (IOException e) {
            return "";
        }
    }

    /** Stops the profiler if it still runs and the watchdog, and deletes the recordings left in the folder. */
    @Override
    public void close() {
        if (running && alive()) {
            try {
                stopWindow();
            } catch (AttachException | IOException e) {
                // best effort on the way out
            }
        }
        if (watch != null) watch.close();
        files.close();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
