package dev.jprof.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** jprof's temporary directory for one run; removed when the run ends. */
final class WorkDir {
    private WorkDir() {
    }

    static void delete(Path dir) {
        if (System.getenv("JPROF_KEEP") != null) return;
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.err.println("jprof: could not remove " + dir + ": " + e.getMessage());
        }
    }
}
