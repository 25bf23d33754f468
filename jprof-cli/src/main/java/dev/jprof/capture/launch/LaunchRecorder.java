package dev.jprof.capture.launch;

import dev.jprof.capture.BundledFile;
import dev.jprof.capture.FolderRemoval;
import dev.jprof.capture.SamplingSettings;
import dev.jprof.capture.engine.Engine;
import dev.jprof.capture.engine.JfrEngine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs a command with every JVM it starts profiled by an {@link Engine} (or traced by jprof's agent),
 * and collects one recording per JVM.
 *
 * <p>If the command is {@code java} (or a path ending in {@code /java}), the engine's JVM options go
 * right after it. Otherwise the command is taken for a script that starts JVMs, and the flags go into
 * {@code JAVA_TOOL_OPTIONS} of its environment, so each JVM it starts writes its own {@code <pid>.jfr}.
 *
 * <p>The program's stdin, stdout and stderr are its terminal's, untouched, and its exit code is passed
 * through. While it runs, jprof handles SIGINT and SIGTERM itself: SIGTERM is forwarded to the program
 * (and, for a script, to the processes it started), and jprof keeps waiting until they have written
 * their recordings. SIGINT from a terminal (Ctrl-C) already reaches the program through the process
 * group, so it is forwarded only when jprof is not the terminal's foreground process (a SIGINT sent
 * to jprof alone, e.g. by a CI runner).
 */
public final class LaunchRecorder {
    /** Flags that keep inlined frames in JFR's stacks, and deep stacks; valid on HotSpot 11 to 25. */
    static final List<String> JVM_FLAGS = List.of(
            "-XX:+UnlockDiagnosticVMOptions",
            "-XX:+DebugNonSafepoints");
    private static final String RECORDER_OPTIONS = "-XX:FlightRecorderOptions=stackdepth=2048";
    /** After the program ends, how long to wait at most for the processes a forwarded signal reached. */
    private static final long DESCENDANTS_WAIT_MILLIS = 60_000;

    /** Where JFR keeps its chunks in the work folder, for the recording of a JVM that is killed. */
    public static final String REPOSITORY = "repository";

    /** The JVM options for a work folder: the engine's, or the tracing agent's. */
    private interface JvmOptions {
        List<String> of(Path work) throws IOException;
    }

    private final JvmOptions jvmOptions;
    /** What the recordings end with: ".jfr", or ".trace" when tracing. */
    private final String suffix;
    private final Path workDir;
    /** Tests only: where the program's stdout and stderr go instead of jprof's own (null: inherited). */
    private Path output;

    /**
     * @param engine   what samples
     * @param settings how to sample
     * @param workDir  where the recordings go (created if missing); one {@code <pid>.jfr} per JVM
     */
    public LaunchRecorder(Engine engine, SamplingSettings settings, Path workDir) {
        this(work -> engine.launchOptions(settings, work), ".jfr", workDir);
    }

    /** Sampling with the pure-JDK engine. */
    public LaunchRecorder(SamplingSettings settings, Path workDir) {
        this(new JfrEngine(), settings, workDir);
    }

    private LaunchRecorder(JvmOptions jvmOptions, String suffix, Path workDir) {
        this.jvmOptions = jvmOptions;
        this.suffix = suffix;
        this.workDir = workDir;
    }

    /** Runs a command with every JVM it starts traced; one {@code <pid>.trace} per JVM. */
    public static LaunchRecorder tracing(String traceOptions, Path workDir) {
        return new LaunchRecorder(work -> {
            List<String> options = new ArrayList<>();
            options.add("-javaagent:" + agentJar() + "=" + traceOptions + ",file=" + work.resolve("%p.trace"));
            options.addAll(jvmFlags(work.resolve(REPOSITORY)));
            return options;
        }, ".trace", workDir);
    }

    /** Runs a command with every JVM it starts watched for slow requests by jprof's agent, with these options (see SlowRequestWatch). */
    public static LaunchRecorder watchingRequests(String agentOptions, Path workDir) {
        return new LaunchRecorder(work -> {
            List<String> options = new ArrayList<>();
            options.add("-javaagent:" + agentJar() + "=" + agentOptions);
            options.addAll(jvmFlags(work.resolve(REPOSITORY)));
            return options;
        }, ".requests", workDir);
    }

    /**
     * For tests: the program's stdout and stderr go to this file instead of jprof's own (a test runner's
     * forked JVM uses its stdout as a channel).
     */
    LaunchRecorder outputTo(Path file) {
        this.output = file;
        return this;
    }

    /**
     * Runs the command to its end and returns its exit code and recordings.
     *
     * @throws IOException when the command cannot be started (one line: "cannot run 'foo': no such file or
     *                     directory"), or the agent jar or the work directory is not available
     */
    public LaunchResult run(List<String> command) throws IOException {
        if (command.isEmpty()) throw new IOException("nothing to run: the command is empty");
        String program = command.get(0);
        Path executable = Executables.resolve(program);
        Files.createDirectories(workDir);
        Path work = workDir.toAbsolutePath().normalize();
        Set<Path> before = new HashSet<>(recordingsIn(work, suffix));

        Path repository = work.resolve(REPOSITORY);
        List<String> options = jvmOptions.of(work);
        ProcessBuilder builder = new ProcessBuilder(launchCommand(command, options)).inheritIO();
        if (output != null) builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
        boolean java = isJava(program);
        if (!java) {
            Map<String, String> env = builder.environment();
            env.put("JAVA_TOOL_OPTIONS", javaToolOptions(env.get("JAVA_TOOL_OPTIONS"), options));
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IOException(Executables.describeStartFailure(program, executable, e), e);
        }

        SignalForwarder forwarder = SignalForwarder.install(process, !java);
        int exit;
        try {
            exit = waitUninterruptibly(process);
            forwarder.awaitSignalled(DESCENDANTS_WAIT_MILLIS);
        } finally {
            forwarder.restore();
        }

        List<Long> recovered = KilledJvmRecovery.recover(repository, work);
        FolderRemoval.remove(repository);
        List<Path> recordings = new ArrayList<>();
        for (Path p : recordingsIn(work, suffix)) {
            if (!before.contains(p) && Files.size(p) > 0) recordings.add(p);
        }
        recordings.sort(LaunchRecorder::byPid);
        return new LaunchResult(exit, recordings, recovered);
    }

    /**
     * The JVM flags, with JFR's disk repository in jprof's work folder so that the chunks of a JVM that
     * is killed can be found (not when the path would break the option's comma-separated syntax).
     */
    public static List<String> jvmFlags(Path repository) {
        List<String> flags = new ArrayList<>(JVM_FLAGS);
        String path = repository.toString();
        boolean plain = path.chars().noneMatch(c -> c == ',' || c == '=' || c == '"' || Character.isWhitespace(c));
        flags.add(plain ? RECORDER_OPTIONS + ",repository=" + path : RECORDER_OPTIONS);
        return flags;
    }

    /** The command with the JVM options after {@code java}, or unchanged for a script. */
    static List<String> launchCommand(List<String> command, List<String> options) {
        if (!isJava(command.get(0))) return List.copyOf(command);
        List<String> full = new ArrayList<>(command.size() + options.size());
        full.add(command.get(0));
        full.addAll(options);
        full.addAll(command.subList(1, command.size()));
        return full;
    }

    /** JAVA_TOOL_OPTIONS for a script: what it had, then the options (each quoted when it has spaces). */
    static String javaToolOptions(String existing, List<String> options) {
        StringBuilder text = new StringBuilder();
        if (existing != null && !existing.isBlank()) text.append(existing.trim());
        for (String option : options) {
            if (text.length() > 0) text.append(' ');
            if (option.chars().anyMatch(Character::isWhitespace)) {
                text.append('"').append(option).append('"');
            } else {
                text.append(option);
            }
        }
        return text.toString();
    }

    static boolean isJava(String program) {
        return program.equals("java") || program.endsWith("/java");
    }

    /**
     * The agent jar as a file: extracted from jprof.jar, or, when running from classes (an IDE, the
     * module's own tests before packaging), the one the agent module built.
     */
    public static Path agentJar() throws IOException {
        if (BundledFile.AGENT.present()) return BundledFile.AGENT.path();
        Path cwd = Path.of("").toAbsolutePath();
        for (Path candidate : List.of(cwd.resolve("jprof-agent/target/jprof-agent.jar"),
                cwd.resolveSibling("jprof-agent").resolve("target/jprof-agent.jar"))) {
            if (Files.isRegularFile(candidate)) return candidate;
        }
        throw new IOException("jprof's agent jar is missing: this jprof has no resource " + BundledFile.AGENT.resource()
                + " and there is no jprof-agent/target/jprof-agent.jar here (build with ./mvnw package)");
    }

    /** Numerically by pid ({@code <pid>.jfr}), other names after, by name. */
    static int byPid(Path a, Path b) {
        long pa = pidOf(a);
        long pb = pidOf(b);
        if (pa >= 0 && pb >= 0 && pa != pb) return Long.compare(pa, pb);
        if (pa >= 0 != pb >= 0) return pa >= 0 ? -1 : 1;
        return a.compareTo(b);
    }

    private static long pidOf(Path recording) {
        String name = recording.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot < 0 ? name : name.substring(0, dot);
        try {
            return Long.parseLong(stem);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static List<Path> recordingsIn(Path dir, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(suffix) && Files.isRegularFile(p)).toList();
        }
    }

    private static int waitUninterruptibly(Process process) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return process.waitFor();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    /** Waits for a process handle to end, at most until the deadline; true if it ended. */
    static boolean awaitExit(ProcessHandle handle, long deadlineNanos) {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) return !handle.isAlive();
        try {
            handle.onExit().get(left, TimeUnit.NANOSECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !handle.isAlive();
        } catch (Exception e) {
            return !handle.isAlive();
        }
    }
}
