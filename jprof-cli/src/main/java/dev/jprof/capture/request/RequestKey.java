package dev.jprof.capture.request;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Set;

/**
 * The secret that signs request triggers: 32 random bytes in a file only its owner may read
 * ({@code ~/.jprof/request.key}, folder 0700, file 0600), created on first use. The agent gets the file's
 * path, never the secret itself; the secret never leaves this machine.
 */
public final class RequestKey {
    private static final int BYTES = 32;
    private final Path file;
    private final byte[] secret;

    private RequestKey(Path file, byte[] secret) {
        this.file = file;
        this.secret = secret;
    }

    public static Path defaultFile() {
        return Path.of(System.getProperty("user.home"), ".jprof", "request.key");
    }

    /** Reads the key, creating it (and its folder) first when there is none; IOException with one line when it is unsafe or unreadable. */
    public static RequestKey loadOrCreate(Path file) throws IOException {
        Path absolute = file.toAbsolutePath();
        Path dir = absolute.getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir.getParent());
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (FileAlreadyExistsException e) {
                // made meanwhile
            }
        }
        if (!Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)) {
            byte[] secret = new byte[BYTES];
            new SecureRandom().nextBytes(secret);
            try {
                Files.createFile(absolute, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.write(absolute, secret);
            } catch (FileAlreadyExistsException e) {
                // another jprof made it meanwhile: read theirs
            }
        }
        if (Files.isSymbolicLink(absolute) || !Files.isRegularFile(absolute)) throw new IOException(absolute + " is not a plain file");
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(absolute);
        for (PosixFilePermission p : permissions) {
            if (p != PosixFilePermission.OWNER_READ && p != PosixFilePermission.OWNER_WRITE) {
                throw new IOException(absolute + " may be read by others: make it private (chmod 600) or delete it for a new one");
            }
        }
        byte[] secret = Files.readAllBytes(absolute);
        if (secret.length < 16) throw new IOException(absolute + " holds too short a key: delete it for a new one");
        return new RequestKey(absolute, secret);
    }

    public Path file() {
        return file;
    }

    byte[] secret() {
        return secret.clone();
    }
}
