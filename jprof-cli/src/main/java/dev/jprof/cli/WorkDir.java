package dev.jprof.cli;

import dev.jprof.capture.FolderRemoval;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.LinkOption;
import java.nio.file.attribute.UserPrincipal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** jprof's temporary directory for one run; removed when the run ends (kept when JPROF_KEEP is set). */
final class WorkDir {
    private static final String PREFIX = "jprof-";
    private static final Pattern LEFT_NAME = Pattern.compile("jprof-(\\d+)-[0-9a-f]{1,16}");

    private WorkDir() {
    }

    /**
     * A new directory of this user alone (0700) under java.io.tmpdir, named by pid and 64 random bits
     * from /dev/urandom (Files.createTempDirectory's SecureRandom costs every run milliseconds of
     * start-up); creation fails on anything already there, links included, and then the next name is
     * tried. Folders that jprof runs killed outright (SIGKILL) left behind are removed first.
     */
    static Path create() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        removeLeftBehind(tmp);
        String prefix = PREFIX + ProcessHandle.current().pid() + "-";
        for (int attempt = 0; ; attempt++) {
            Path dir = tmp.resolve(prefix + Long.toHexString(randomBits()));
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                removedAtExit(dir);
                return dir;
            } catch (FileAlreadyExistsException e) {
                if (attempt == 100) throw e;
            } catch (UnsupportedOperationException e) {
                return removedAtExit(Files.createTempDirectory("jprof-"));
            }
        }
    }

    private static long randomBits() {
        try (InputStream random = Files.newInputStream(Path.of("/dev/urandom"))) {
            return ByteBuffer.wrap(random.readNBytes(8)).getLong();
        } catch (IOException | RuntimeException e) {
            return System.nanoTime() ^ Double.doubleToLongBits(Math.random());
        }
    }

    /** This user's work folders of jprof processes that no longer run: a SIGKILL runs no shutdown hook. */
    private static void removeLeftBehind(Path tmp) {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, PREFIX + "*-*")) {
            UserPrincipal me = null;
            for (Path dir : dirs) {
                Matcher name = LEFT_NAME.matcher(dir.getFileName().toString());
                if (!name.matches() || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) continue;
                long pid = Long.parseLong(name.group(1));
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) continue;
                if (me == null) me = Files.getOwner(Path.of("/proc/self"), LinkOption.NOFOLLOW_LINKS);
                if (!me.equals(Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS))) continue;
                if (System.getenv("JPROF_KEEP") == null) FolderRemoval.remove(dir);
            }
        } catch (IOException | RuntimeException e) {
            // another run's folder, or no /proc: left for later
        }
    }

    /**
     * A run that ends by a signal (Ctrl-C in a command that does not catch it, SIGTERM) runs no finally
     * block, only shutdown hooks: the folder, with a heap dump of gigabytes perhaps, goes there too.
     */
    private static Path removedAtExit(Path dir) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir), "jprof-workdir-removal"));
        return dir;
    }

    static void delete(Path dir) {
        if (System.getenv("JPROF_KEEP") != null) return;
        if (!Files.exists(dir)) return;
        try {
            FolderRemoval.remove(dir);
        } catch (IOException e) {
            System.err.println("jprof: could not remove " + dir + ": " + e.getMessage());
        }
    }
}
