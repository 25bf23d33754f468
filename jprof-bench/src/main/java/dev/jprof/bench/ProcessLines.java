package dev.jprof.bench;

import java.io.BufferedReader;
import java.io.IOException;

/** Reading a started process's output: up to the line that says it is ready, then away in the background. */
final class ProcessLines {
    private ProcessLines() {
    }

    /** The first line starting with {@code prefix}, the lines before it skipped; null if the output ends first. */
    static String awaitLine(BufferedReader out, String prefix) throws IOException {
        String line;
        while ((line = out.readLine()) != null && !line.startsWith(prefix)) {
            // lines before the one waited for
        }
        return line;
    }

    /** Reads and discards the rest of the output on a daemon thread, so the process never blocks on a full pipe. */
    static void drainInBackground(BufferedReader out) {
        Thread drain = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // discarded
                }
            } catch (IOException e) {
                // the process is gone
            }
        });
        drain.setDaemon(true);
        drain.start();
    }
}
