package dev.jprof.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command under {@code /usr/bin/time}, so its wall time and the CPU time of its whole process
 * tree (every descendant that was waited for, e.g. jprof's launcher JVM and the JVM it launches) are
 * measured by the kernel's rusage, not by this JVM.
 */
public final class Timed {
    public static final Path TIME = Path.of("/usr/bin/time");

    private Timed() {
    }

    /** A finished run: the measurement, or why there is none; its output is in {@code log}. */
    public record Run(TimeResult time, String failure, Path log) {
        public boolean ok() {
            return failure == null;
        }
    }

    /** Whether GNU time is installed; the runner refuses to start without it. */
    public static boolean available() {
        return Files.isExecutable(TIME);
    }

    /**
     * Runs {@code command} with stdout and stderr into {@code log} (stdout into {@code stdout} when given).
     * A non-zero exit or a timeout is a failure with the last line of the log as its reason.
     */
    public static Run run(List<String> command, Path workDir, Path log, Path stdout, Map<String, String> env,
                          long timeoutSeconds) throws IOException, InterruptedException {
        Path timeFile = Files.createTempFile(workDir, "time-", ".txt");
        List<String> full = new ArrayList<>(List.of(TIME.toString(), "-f", TimeResult.FORMAT, "-o", timeFile.toString()));
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full).directory(workDir.toFile());
        builder.environment().putAll(env);
        Files.writeString(log, "$ " + String.join(" ", command) + "\n", StandardCharsets.UTF_8);
        builder.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.redirectOutput(stdout != null ? ProcessBuilder.Redirect.to(stdout.toFile())
                : ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process process = builder.start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor();
            Files.deleteIfExists(timeFile);
            return new Run(null, "timed out after " + timeoutSeconds + " s", log);
        }
        String timeOutput = Files.readString(timeFile, StandardCharsets.UTF_8);
        Files.deleteIfExists(timeFile);
        TimeResult time;
        try {
            time = TimeResult.parse(timeOutput);
        } catch (IllegalArgumentException e) {
            return new Run(null, e.getMessage(), log);
        }
        if (time.exitCode() != 0 || process.exitValue() != 0) {
            return new Run(time, "exit code " + Math.max(time.exitCode(), process.exitValue()) + ": " + lastLine(log), log);
        }
        return new Run(time, null, log);
    }

    /** The last non-blank line of a log, for one-line failure reasons. */
    public static String lastLine(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        for (int i = lines.size() - 1; i >= 0; i--) {
            String line = lines.get(i).strip();
            if (!line.isEmpty()) return line.length() > 200 ? line.substring(0, 200) + "..." : line;
        }
        return "(no output)";
    }
}
