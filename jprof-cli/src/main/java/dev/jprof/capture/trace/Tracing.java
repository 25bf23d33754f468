package dev.jprof.capture.trace;

import dev.jprof.agent.trace.TraceOptions;
import dev.jprof.agent.trace.TraceSession;
import dev.jprof.capture.launch.LaunchRecorder;
import dev.jprof.model.Profile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Tracing from code, like cProfile's enable/disable: {@code Tracing.start("com.example.**")}, run
 * something, {@code stop()} gives the Profile (exact calls and times of the chosen methods). The classes
 * get their original code back at stop.
 *
 * <p>It needs jprof's agent in this JVM: when the JVM was not started with it, start loads it through
 * a short-lived helper JVM that attaches to this one (no JVM flag needed; JDK 21+ prints a warning about
 * a dynamically loaded agent unless run with -XX:+EnableDynamicAgentLoading).
 */
public final class Tracing implements AutoCloseable {
    private static final long ATTACH_TIMEOUT_SECONDS = 60;

    private final Path dir;
    private final Path file;
    private boolean stopped;

    private Tracing(Path dir, Path file) {
        this.dir = dir;
        this.file = file;
    }

    /** Starts tracing the methods matching these patterns (none: every class not the JDK's or jprof's), wall clock. */
    public static Tracing start(String... includes) throws IOException {
        return startWithClock("wall", includes);
    }

    /**
     * @param clock    wall, cpu or none
     * @param includes method patterns, as {@code jprof trace --include} takes them
     * @throws IllegalArgumentException for a bad clock or pattern
     * @throws IllegalStateException    when tracing already runs in this JVM
     */
    public static synchronized Tracing startWithClock(String clock, String... includes) throws IOException {
        if (TraceSession.running()) throw new IllegalStateException("tracing already runs in this JVM");
        Path dir = Files.createTempDirectory("jprof-tracing-");
        Path file = dir.resolve("trace.trace");
        String options = "trace=" + clock + (includes.length == 0 ? "" : ",include=" + String.join(";", includes))
                + ",file=" + file;
        TraceOptions.parse(options);
        if (!TraceSession.startInThisJvm(options)) attachToSelf(options);
        if (!TraceSession.running()) throw new IllegalStateException("jprof's agent did not start tracing (its line on stderr says why)");
        return new Tracing(dir, file);
    }

    /** Stops tracing, restores the classes and returns what was traced. */
    public synchronized Profile stop() throws IOException {
        if (stopped) throw new IllegalStateException("already stopped");
        stopped = true;
        try {
            TraceSession.stopInThisJvm();
            return TraceFileReader.read(file);
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    @Override
    public void close() throws IOException {
        if (!stopped) stop();
    }

    private static void attachToSelf(String options) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(SelfAttach.class.getName());
        command.add(Long.toString(ProcessHandle.current().pid()));
        command.add(LaunchRecorder.agentJar().toString());
        command.add(options);
        Process helper = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!helper.waitFor(ATTACH_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                helper.destroyForcibly();
                throw new IOException("could not load jprof's agent into this JVM within " + ATTACH_TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            helper.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while loading jprof's agent");
        }
        String output = new String(helper.getInputStream().readAllBytes()).trim();
        if (helper.exitValue() != 0) throw new IOException("could not load jprof's agent into this JVM: " + output);
    }
}
