package dev.jprof.capture.launch;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** Finds the program of a command the way a shell would, to say in one line why it cannot run. */
final class Executables {
    private Executables() {
    }

    /**
     * The program's file: a path if it has a '/', else the first match on PATH.
     *
     * @throws IOException "cannot run 'foo': no such file or directory" (or "permission denied", "is a directory")
     */
    static Path resolve(String program) throws IOException {
        if (program.isEmpty()) throw new IOException("cannot run '': empty command");
        try {
            if (program.indexOf('/') >= 0) return check(program, Path.of(program));
            String path = System.getenv("PATH");
            Path found = null;
            if (path != null) {
                for (String dir : path.split(File.pathSeparator, -1)) {
                    Path candidate = Path.of(dir.isEmpty() ? "." : dir).resolve(program);
                    if (Files.isRegularFile(candidate)) {
                        if (Files.isExecutable(candidate)) return candidate;
                        if (found == null) found = candidate;
                    }
                }
            }
            if (found != null) throw cannotRun(program, "permission denied");
            throw cannotRun(program, "no such file or directory");
        } catch (InvalidPathException e) {
            throw cannotRun(program, "not a valid path");
        }
    }

    private static Path check(String program, Path file) throws IOException {
        if (!Files.exists(file)) throw cannotRun(program, "no such file or directory");
        if (Files.isDirectory(file)) throw cannotRun(program, "is a directory");
        if (!Files.isExecutable(file)) throw cannotRun(program, "permission denied");
        return file;
    }

    private static IOException cannotRun(String program, String why) {
        return new IOException("cannot run '" + program + "': " + why);
    }

    /** One line for a failed ProcessBuilder.start: Java's message without its "error=2," noise. */
    static String describeStartFailure(String program, Path executable, IOException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        int error = message.indexOf("error=");
        if (error >= 0) {
            int comma = message.indexOf(',', error);
            String why = comma >= 0 ? message.substring(comma + 1).trim() : message.substring(error);
            return "cannot run '" + program + "': " + why.toLowerCase(java.util.Locale.ROOT);
        }
        return "cannot run '" + program + "' (" + executable + "): " + message;
    }
}
