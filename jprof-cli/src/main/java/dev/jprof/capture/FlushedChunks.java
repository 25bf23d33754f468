package dev.jprof.capture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * The chunks a JVM's Flight Recorder left in its disk repository, as one recording. JFR rewrites a
 * chunk's header at every flush (each second), so a chunk of a JVM that was killed is readable up to
 * its last flush; the bytes after it are dropped.
 */
public final class FlushedChunks {
    private static final int HEADER_SIZE = 68;
    private static final int MAGIC = 0x464c5200;

    private FlushedChunks() {
    }

    /**
     * Writes the flushed part of every chunk in {@code folder}, in name (= time) order, to {@code target}.
     * Returns false, writing nothing, when there is no readable chunk.
     */
    public static boolean copy(Path folder, Path target) throws IOException {
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
