package dev.jprof.capture.launch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Rebuilds the recording of a JVM that was killed before it could write its own (SIGKILL, a crash,
 * the OOM killer) from the chunks JFR keeps in its disk repository. JFR rewrites a chunk's header at
 * every flush (each second), so each chunk is readable up to its last flush; the bytes after it are dropped.
 */
final class KilledJvmRecovery {
    /** JFR names a JVM's repository folder {@code yyyy_MM_dd_HH_mm_ss_<pid>}. */
    private static final Pattern JVM_FOLDER = Pattern.compile(".*_(\\d+)");
    private static final int HEADER_SIZE = 68;
    private static final int MAGIC = 0x464c5200;

    private KilledJvmRecovery() {
    }

    /**
     * For each JVM folder in {@code repository} whose {@code <pid>.jfr} is missing or empty in {@code work},
     * writes that file from the folder's chunks. Returns the pids recovered.
     */
    static List<Long> recover(Path repository, Path work) throws IOException {
        List<Long> recovered = new ArrayList<>();
        if (!Files.isDirectory(repository)) return recovered;
        List<Path> folders;
        try (Stream<Path> list = Files.list(repository)) {
            folders = list.filter(Files::isDirectory).sorted().toList();
        }
        for (Path folder : folders) {
            Matcher m = JVM_FOLDER.matcher(folder.getFileName().toString());
            if (!m.matches()) continue;
            long pid = Long.parseLong(m.group(1));
            Path target = work.resolve(pid + ".jfr");
            if (Files.isRegularFile(target) && Files.size(target) > 0) continue;
            if (concatenateFlushed(folder, target)) recovered.add(pid);
        }
        return recovered;
    }

    private static boolean concatenateFlushed(Path folder, Path target) throws IOException {
        List<Path> chunks;
        try (Stream<Path> list = Files.list(folder)) {
            chunks = list.filter(p -> p.getFileName().toString().endsWith(".jfr")).sorted().toList();
        }
        long written = 0;
        Path partial = target.resolveSibling(target.getFileName() + ".part");
        try (FileChannel out = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            for (Path chunk : chunks) {
                long size = flushedSize(chunk);
                if (size <= HEADER_SIZE) continue;
                try (FileChannel in = FileChannel.open(chunk, StandardOpenOption.READ)) {
                    ByteBuffer header = ByteBuffer.allocate(HEADER_SIZE);
                    while (header.hasRemaining() && in.read(header, header.position()) > 0) {
                        // read the header
                    }
                    // a chunk still being written says so in byte 64; copied up to its last flush, it is a finished one
                    header.put(64, (byte) 0);
                    header.flip();
                    while (header.hasRemaining()) out.write(header);
                    long copied = HEADER_SIZE;
                    while (copied < size) copied += in.transferTo(copied, size - copied, out);
                    written += size;
                }
            }
        } catch (IOException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        if (written == 0) {
            Files.deleteIfExists(partial);
            return false;
        }
        Files.move(partial, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return true;
    }

    /** The chunk size its header gives, or 0 when the header is not a usable one. */
    private static long flushedSize(Path chunk) throws IOException {
        try (FileChannel in = FileChannel.open(chunk, StandardOpenOption.READ)) {
            ByteBuffer header = ByteBuffer.allocate(HEADER_SIZE);
            while (header.hasRemaining() && in.read(header, header.position()) > 0) {
                // read the header
            }
            if (header.hasRemaining() || header.getInt(0) != MAGIC) return 0;
            long size = header.getLong(8);
            long constantPools = header.getLong(16);
            long metadata = header.getLong(24);
            if (size > in.size() || constantPools <= 0 || metadata <= 0 || constantPools >= size || metadata >= size) return 0;
            return size;
        }
    }
}
