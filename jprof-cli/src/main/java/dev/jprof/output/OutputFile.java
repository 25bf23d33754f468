package dev.jprof.output;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * The one way jprof writes a file the user named: into a private temporary file beside it (random
 * name, created exclusively, mode 0600), flushed to disk, then renamed over the target. A reader sees
 * the old file or the whole new one, never part of one; a failure (a full disk) leaves the old file as
 * it was. A symbolic link at the target is refused up front, and a link that appears later is
 * replaced by the rename, never written through. The finished file gets the mode of the file it
 * replaces, or 0666 less the umask when new, as if created the usual way.
 */
public final class OutputFile {
    private OutputFile() {
    }

    /** What writes a file's content. */
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Fails with one line, before anything is recorded, when {@code output} cannot be written. */
    public static void check(Path output) throws OutputFileException {
        Path target = output.toAbsolutePath();
        Path dir = target.getParent();
        if (Files.isSymbolicLink(target)) {
            throw new OutputFileException(output + ": is a symbolic link; jprof does not write through links: name the file itself, or remove the link");
        }
        if (Files.isDirectory(target)) throw new OutputFileException(output + ": is a directory");
        if (dir == null || !Files.isDirectory(dir)) throw new OutputFileException(output + ": no such directory " + dir);
        if (Files.exists(target) ? !Files.isWritable(target) : !Files.isWritable(dir)) {
            throw new OutputFileException(output + ": permission denied");
        }
    }

    public static void write(Path output, Content content) throws IOException {
        Path target = output.toAbsolutePath();
        if (Files.isSymbolicLink(target)) check(output);
        Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".jprof-tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                content.writeTo(new FlushOnClose(out));
                out.flush();
                channel.force(true);
            }
            setMode(temp, target);
            try {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            syncDirectory(target.getParent());
        } catch (FileSystemException e) {
            throw new OutputFileException(output + ": cannot write: " + reason(e) + keptNote(target));
        } catch (IOException e) {
            if (e.getMessage() == null) throw e;
            throw new OutputFileException(output + ": cannot write: " + e.getMessage() + keptNote(target));
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Copies {@code source} (a recording in jprof's work folder) to {@code output}, the same way. */
    public static void copy(Path source, Path output) throws IOException {
        write(output, out -> {
            try (InputStream in = Files.newInputStream(source)) {
                in.transferTo(out);
            }
        });
    }

    private static String reason(FileSystemException e) {
        return e.getReason() != null ? e.getReason() : String.valueOf(e.getMessage());
    }

    private static String keptNote(Path target) {
        return Files.exists(target, LinkOption.NOFOLLOW_LINKS) ? " (the previous " + target.getFileName() + " is unchanged)" : "";
    }

    private static void setMode(Path temp, Path target) throws IOException {
        Set<PosixFilePermission> mode;
        try {
            mode = Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)
                    ? Files.getPosixFilePermissions(target, LinkOption.NOFOLLOW_LINKS) : newFileMode();
            Files.setPosixFilePermissions(temp, mode);
        } catch (UnsupportedOperationException e) {
            // not POSIX: the file system's default
        }
    }

    /** 0666 less the process's umask (Linux tells it in /proc/self/status); 0600 when it cannot be read. */
    private static Set<PosixFilePermission> newFileMode() {
        int umask = 077;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Umask:")) umask = Integer.parseInt(line.substring(6).trim(), 8);
            }
        } catch (IOException | RuntimeException e) {
            // keep the private default
        }
        Set<PosixFilePermission> mode = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ first, OTHERS_EXECUTE last
        int allowed = 0666 & ~umask;
        for (int i = 0; i < bits.length; i++) if ((allowed & (0400 >> i)) != 0) mode.add(bits[i]);
        return mode;
    }

    /** Makes the rename itself durable; file systems that cannot open a folder keep it in their own time. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            // best effort
        }
    }
}
