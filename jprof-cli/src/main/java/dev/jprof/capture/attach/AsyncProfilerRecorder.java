package dev.jprof.capture.attach;

import dev.jprof.capture.BundledFile;
import dev.jprof.capture.SamplingSettings;
import dev.jprof.capture.attach.AttachException.Reason;
import dev.jprof.capture.engine.AsyncEngine;
import dev.jprof.capture.jfr.ThreadActivity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.BooleanSupplier;

/**
 * Samples a running JVM with async-profiler, loaded through the attach mechanism (no JMX): {@code start}
 * writing JFR into a folder the JVM can write, then {@code stop}, and the recording copied out.
 *
 * <p>jprof's agent runs a watchdog beside it in the JVM: should jprof die before it stops the profiler
 * (SIGKILL, a crash), the watchdog stops it and deletes the recording. What stays in the JVM, as after
 * any async-profiler session, is the loaded library, idle, and the agent's classes.
 */
public final class AsyncProfilerRecorder implements AttachRecording {
    private static final long POLL_MILLIS = 100;
    private static final long EXIT_WAIT_NANOS = 10_000_000_000L;

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
        Properties properties = JvmConnection.systemProperties(pid);
        String version = properties.getProperty("java.vm.version", "");
        int feature = JvmConnection.featureVersion(properties.getProperty("java.specification.version"));
        if (feature > 0 && feature < 11) {
            throw new AttachException(Reason.UNSUPPORTED, "JVM " + pid + " runs Java " + feature + ": jprof attaches to Java 11 or newer");
        }
        List<String> warnings = new ArrayList<>();
        try (TargetFiles files = TargetFiles.create(pid)) {
            Path jfr = files.file("async-profiler.jfr");
            Path log = files.file("async-profiler.log");
            AsyncEngine.checkPath(files.file(""));
            JvmConnection.loadAgentPath(pid, library, AsyncEngine.startCommand(settings, jfr, log));
            long begin = System.nanoTime();
            boolean watched = startWatchdog(pid, files, warnings);
            if (feature >= 21 && !dynamicAgentsAllowed(pid)) {
                warnings.add("JVM " + pid + " printed a warning about dynamically loaded agents (async-profiler"
                        + (watched ? " and jprof's watchdog" : "") + ") on its error output; start it with"
                        + " -XX:+EnableDynamicAgentLoading to allow this silently");
            }
            try {
                if (waitUntilDone(pid, duration, stop, begin)) return afterExit(pid, jfr, out, begin, warnings, version);
                try {
                    JvmConnection.loadAgentPath(pid, library, "stop,log=" + log + ",file=" + jfr);
                } catch (AttachException e) {
                    if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                        return afterExit(pid, jfr, out, begin, warnings, version);
                    }
                    // the profiler ran: a failure now is no reason to sample again with another engine
                    throw new AttachException(Reason.FAILED, e.getMessage(), e);
                }
            } finally {
                if (watched) stopWatchdog(pid);
            }
            if (!Files.isRegularFile(jfr) || Files.size(jfr) == 0) {
                throw new AttachException(Reason.FAILED, "async-profiler wrote no recording in JVM " + pid + lastLogLine(log));
            }
            Files.move(jfr, out, StandardCopyOption.REPLACE_EXISTING);
            return new AttachResult(out, List.<ThreadActivity>of(), warnings, "async-profiler via attach", version);
        }
    }

    private boolean startWatchdog(long pid, TargetFiles files, List<String> warnings) {
        try {
            JvmConnection.loadAgent(pid, BundledFile.AGENT.path(), "watch=" + ProcessHandle.current().pid()
                    + ",library=" + library + ",dir=" + files.file(""));
            return true;
        } catch (AttachException | IOException e) {
            warnings.add("jprof's watchdog did not start in JVM " + pid + " (" + e.getMessage()
                    + "): if jprof is killed, async-profiler keeps running there until the JVM exits");
            return false;
        }
    }

    private static void stopWatchdog(long pid) {
        try {
            JvmConnection.loadAgent(pid, BundledFile.AGENT.path(), "watch-stop");
        } catch (AttachException | IOException e) {
            // the JVM is gone, or the watchdog ends with it
        }
    }

    /** Whether the JVM was started with -XX:+EnableDynamicAgentLoading, as far as its command line tells. */
    private static boolean dynamicAgentsAllowed(long pid) {
        try {
            byte[] cmdline = Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline"));
            byte[] environ = Files.readAllBytes(Path.of("/proc/" + pid + "/environ"));
            String flag = "-XX:+EnableDynamicAgentLoading";
            return new String(cmdline, StandardCharsets.ISO_8859_1).contains(flag)
                    || new String(environ, StandardCharsets.ISO_8859_1).contains(flag);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static boolean waitUntilDone(long pid, Duration duration, BooleanSupplier stop, long start) {
        long end = duration == null ? Long.MAX_VALUE : start + duration.toNanos();
        while (true) {
            if (stop.getAsBoolean() || Thread.currentThread().isInterrupted()) return false;
            long left = end - System.nanoTime();
            if (left <= 0) return false;
            if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) return true;
            sleep(Math.min(POLL_MILLIS, Math.max(1, left / 1_000_000)));
        }
    }

    /** The JVM exited while recording: async-profiler writes its recording as the JVM shuts down. */
    private static AttachResult afterExit(long pid, Path jfr, Path out, long begin, List<String> warnings, String version)
            throws AttachException, IOException {
        long deadline = System.nanoTime() + EXIT_WAIT_NANOS;
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) sleep(POLL_MILLIS);
        String after = String.format("%.1f s", (System.nanoTime() - begin) / 1e9);
        if (Files.isRegularFile(jfr) && Files.size(jfr) > 0) {
            Files.move(jfr, out, StandardCopyOption.REPLACE_EXISTING);
            warnings.add("JVM " + pid + " exited after " + after + " of recording: the profile holds what it recorded until then");
            return new AttachResult(out, List.<ThreadActivity>of(), warnings, "async-profiler via attach", version);
        }
        throw new AttachException(Reason.TARGET_EXITED, "JVM " + pid + " exited after " + after
                + " of recording, before async-profiler wrote its recording (a JVM that is killed outright keeps none"
                + " with this engine; --engine jfr rebuilds it from JFR's repository)");
    }

    private static String lastLogLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return lines.isEmpty() ? "" : ": " + lines.get(lines.size() - 1).strip();
        } catch (IOException e) {
            return "";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
