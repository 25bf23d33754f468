package dev.jprof.capture.attach;

import dev.jprof.capture.FolderRemoval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Optional;

/**
 * A private temporary folder for files the attached JVM reads (.jfc settings) or writes (the
 * recording it dumps on exit, or on JFR.stop). When root attaches to another user's JVM the folder
 * is handed to that user, so the JVM can write into it; jprof, as root, still reads and deletes.
 */
final class TargetFiles implements AutoCloseable {
    private final Path dir;

    private TargetFiles(Path dir) {
        this.dir = dir;
    }

    static TargetFiles create(long pid) throws IOException {
        Path dir = Files.createTempDirectory("jprof-attach-" + pid + "-");
        long targetUid = ProcessProbe.uid(pid);
        long ownUid = ProcessProbe.ownUid();
        if (targetUid >= 0 && ownUid >= 0 && targetUid != ownUid) {
            Optional<String> user = ProcessHandle.of(pid).flatMap(h -> h.info().user());
            try {
                UserPrincipal owner = dir.getFileSystem().getUserPrincipalLookupService()
                        .lookupPrincipalByName(user.orElseThrow(() -> new IOException("unknown user")));
                Files.setOwner(dir, owner);
            } catch (IOException | UnsupportedOperationException e) {
                permissions(dir, "rwxrwxrwx");
            }
        }
        return new TargetFiles(dir);
    }

    Path file(String name) {
        return dir.resolve(name);
    }

    void readableByTarget(Path file) throws IOException {
        permissions(file, "rw-r--r--");
    }

    private static void permissions(Path path, String permissions) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        } catch (UnsupportedOperationException e) {
            // not POSIX
        }
    }

    @Override
    public void close() {
        try {
            FolderRemoval.remove(dir);
        } catch (IOException e) {
            // left in the temp folder
        }
    }
}
