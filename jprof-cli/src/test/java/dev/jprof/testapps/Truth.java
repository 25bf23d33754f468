package dev.jprof.testapps;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;

/**
 * Where the test programs tell their ground truth: stdout, and also the file named by the system
 * property {@code testapps.truth} when set (tests read it there, since a launched program's stdout is
 * the terminal's).
 */
final class Truth {
    private Truth() {
    }

    static synchronized void report(String line) {
        System.out.println(line);
        System.out.flush();
        String file = System.getProperty("testapps.truth");
        if (file == null) return;
        try {
            Files.write(Paths.get(file), (line + "\n").getBytes(StandardCharsets.UTF_8),
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.err.println("testapps: cannot write " + file + ": " + e.getMessage());
        }
    }
}
