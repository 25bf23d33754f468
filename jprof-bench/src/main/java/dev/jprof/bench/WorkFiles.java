package dev.jprof.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** File chores of the runner. */
public final class WorkFiles {
    private WorkFiles() {
    }

    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /**
     * Writes {@code copies} copies of a JFR recording one after the other. A JFR file is a sequence of
     * self-contained chunks, so the result is a valid recording holding every event {@code copies} times.
     */
    public static void concatenate(Path recording, int copies, Path out) throws IOException {
        byte[] bytes = Files.readAllBytes(recording);
        try (OutputStream o = Files.newOutputStream(out)) {
            for (int i = 0; i < copies; i++) o.write(bytes);
        }
    }
}
