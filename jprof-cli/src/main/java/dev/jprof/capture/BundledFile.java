package dev.jprof.capture;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * A file that travels inside jprof.jar as a resource and must be a file on disk for a JVM to load it:
 * jprof's agent jar ({@code -javaagent:} at launch, {@code VirtualMachine.loadAgent} on attach) and
 * async-profiler's native library ({@code -agentpath:}, {@code loadAgentPath}).
 *
 * <p>Each is written once per content to {@code <tmp>/jprof-<user>/<name>-<crc>-<size><suffix>} and
 * reused: JVMs keep an agent open for as long as they run, so it must not be deleted while they may
 * need it, and identical bytes need one copy. The folder is jprof's user's alone to write (0755,
 * checked to be ours and not a link); the file is world-readable (0644) so that a JVM of another
 * user that root attaches to can load it. The write is atomic: a file of the expected name and size
 * is complete.
 */
public final class BundledFile {
    /** jprof's agent jar inside jprof.jar. */
    public static final BundledFile AGENT = new BundledFile("/dev/jprof/cli/jprof-agent.jar", "jprof-agent", ".jar");

    private final String resource;
    private final String name;
    private final String suffix;
    private Path extracted;

    public BundledFile(String resource, String name, String suffix) {
        this.resource = resource;
        this.name = name;
        this.suffix = suffix;
    }

    public String resource() {
        return resource;
    }

    /** Whether this build of jprof carries the file. */
    public boolean present() {
        return BundledFile.class.getResource(resource) != null;
    }

    /** The file on disk, extracted on first use. */
    public synchronized Path path() throws IOException {
        if (extracted != null && Files.isRegularFile(extracted)) return extracted;
        Path cached = cachedByEntry();
        if (cached != null) return extracted = cached;
        byte[] bytes;
        try (InputStream in = BundledFile.class.getResourceAsStream(resource)) {
            if (in == null) throw new IOException("this build of jprof lacks " + resource);
            bytes = in.readAllBytes();
        }
        Path file = cacheDirectory().resolve(name + "-" + hash(bytes) + suffix);
        if (!written(file, bytes.length)) write(bytes, file);
        extracted = file;
        return file;
    }

    /** Whether the cache holds this jar already: a plain file (not a link) of the expected size. */
    private static boolean written(Path jar, long size) throws IOException {
        return Files.isRegularFile(jar, LinkOption.NOFOLLOW_LINKS) && Files.size(jar) == size;
    }

    private void write(byte[] bytes, Path jar) throws IOException {
        Path temp = Files.createTempFile(jar.getParent(), name + "-", ".tmp");
        try {
            Files.write(temp, bytes);
            readableByAll(temp, "rw-r--r--");
            try {
                Files.move(temp, jar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, jar, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * The copy already written for this jprof.jar, found by the CRC and size its zip entry records, so
     * that a run reads and hashes nothing; null when there is none yet or jprof does not run from a jar.
     */
    private Path cachedByEntry() throws IOException {
        URL url = BundledFile.class.getResource(resource);
        if (url == null || !"jar".equals(url.getProtocol())) return null;
        URLConnection connection = url.openConnection();
        connection.setUseCaches(false);
        if (!(connection instanceof JarURLConnection)) return null;
        try (JarFile jarFile = ((JarURLConnection) connection).getJarFile()) {
            JarEntry entry = jarFile.getJarEntry(resource.substring(1));
            if (entry == null || entry.getCrc() < 0 || entry.getSize() < 0) return null;
            Path jar = cacheDirectory().resolve(name + "-" + Long.toHexString(entry.getCrc()) + "-" + entry.getSize() + suffix);
            if (!written(jar, entry.getSize())) {
                byte[] bytes;
                try (InputStream in = jarFile.getInputStream(entry)) {
                    bytes = in.readAllBytes();
                }
                write(bytes, jar);
            }
            return jar;
        }
    }

    private static Path cacheDirectory() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Path dir = tmp.resolve("jprof-" + System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_"));
        try {
            Files.createDirectory(dir);
            readableByAll(dir, "rwxr-xr-x");
        } catch (FileAlreadyExistsException e) {
            // reuse it if it is really ours
        }
        if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) && ownedByUs(dir)) return dir;
        Path own = Files.createTempDirectory(tmp, "jprof-agent-");
        readableByAll(own, "rwxr-xr-x");
        return own;
    }

    private static boolean ownedByUs(Path dir) throws IOException {
        UserPrincipal owner = Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS);
        try {
            UserPrincipal us = dir.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName(System.getProperty("user.name", ""));
            if (us.equals(owner)) return true;
        } catch (IOException | UnsupportedOperationException e) {
            // no such name (a uid without a passwd entry): ask the file system below
        }
        Path probe = Files.createTempFile(dir.getParent(), "jprof-owner-", ".tmp");
        try {
            UserPrincipal us = Files.getOwner(probe);
            return us.equals(owner);
        } finally {
            Files.deleteIfExists(probe);
        }
    }

    private static void readableByAll(Path path, String permissions) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: defaults apply
        }
    }

    private static String hash(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
