package dev.jprof.cli;

import dev.jprof.capture.FolderRemoval;

import java.io.IOException;
import java.nio.file.Path;

/** jprof's temporary directory for one run; removed when the run ends (kept when JPROF_KEEP is set). */
final class WorkDir {
    private WorkDir() {
    }

    static void delete(Path dir) {
        if (System.getenv("JPROF_KEEP") != null) return;
        try {
            FolderRemoval.remove(dir);
        } catch (IOException e) {
            System.err.println("jprof: could not remove " + dir + ": " + e.getMessage());
        }
    }
}
