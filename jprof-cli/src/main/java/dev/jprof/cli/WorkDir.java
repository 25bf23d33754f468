package dev.jprof.cli;

import dev.jprof.capture.FolderRemoval;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** jprof's temporary directory for one run; removed when the run ends (kept when JPROF_KEEP is set). */
final class WorkDir {
    private WorkDir() {
    }

    /**
     * A new directory of this user alone under java.io.tmpdir. Named by pid and clock instead of
     * Files.createTempDirectory's random name, whose SecureRandom costs every run milliseconds of start-up;
     * creation fails on anything already there, links included, and then the next name is tried.
     */
    static Path create() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        String prefix = "jprof-" + ProcessHandle.current().pid() + "-";
        for (int attempt = 0; ; attempt++) {
            Path dir = tmp.resolve(prefix + Long.toHexString(System.nanoTime()));
            try {
                return Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (FileAlreadyExistsException e) {
                if (attempt == 100) throw e;
            } catch (UnsupportedOperationException e) {
                return Files.createTempDirectory("jprof-");
            }
        }
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
