package dev.jprof.capture.jfr.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads the events of a JFR recording (format 2.x, written by JDK 11 and newer and by async-profiler)
 * chunk by chunk into one reused array: faster and lighter than {@code jdk.jfr.consumer}, which builds an
 * object per event and value.
 */
public final class JfrFile {
    private static final int MAGIC = 0x464c5200;
    /** The header's byte that is 0 once the chunk is finished. */
    private static final int FILE_STATE = 64;

    private JfrFile() {
    }

    /** Where one chunk lies in the file. */
    public record ChunkSpan(long offset, long size) {
    }

    /** Calls {@code consumer} for every event whose type is one of {@code eventNames}, chunk by chunk. */
    public static void read(Path file, Set<String> eventNames, Consumer<JfrEvent> consumer) throws IOException {
        read(file, chunks(file), eventNames, consumer);
    }

    /**
     * The file's chunks, in order. Only their headers are checked here (a truncated or unfinished file
     * fails now); their content is checked as {@link #read(Path, List, Set, Consumer)} reads it.
     */
    public static List<ChunkSpan> chunks(Path file) throws IOException {
        List<ChunkSpan> chunks = new ArrayList<>();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < Chunk.HEADER_SIZE) throw new JfrFormatException("too short for a JFR recording (" + size + " bytes)");
            long position = 0;
            ByteBuffer header = ByteBuffer.allocate(Chunk.HEADER_SIZE);
            while (position < size) {
                header.clear();
                while (header.hasRemaining() && channel.read(header, position + header.position()) > 0) {
                    // read the whole header
                }
                if (header.hasRemaining()) throw new JfrFormatException("truncated: the file ends inside a chunk header");
                header.flip();
                if (header.getInt(0) != MAGIC) throw new JfrFormatException("no JFR chunk at offset " + position);
                int major = header.getShort(4);
                if (major != 2) throw new JfrFormatException("JFR format " + major + "." + header.getShort(6) + " is not supported (JDK 11+ writes 2.x)");
                long chunkSize = header.getLong(8);
                if (chunkSize < Chunk.HEADER_SIZE) throw new JfrFormatException("a chunk was not finished (the JVM was still writing it or was killed)");
                if (chunkSize > size - position) {
                    throw new JfrFormatException("truncated: a chunk of " + chunkSize + " bytes at offset " + position
                            + " goes past the end of the file (" + size + " bytes)");
                }
                if (chunkSize > Integer.MAX_VALUE - 8) throw new JfrFormatException("chunks over 2 GB are not supported");
                chunks.add(new ChunkSpan(position, chunkSize));
                position += chunkSize;
            }
        }
        return chunks;
    }

    /**
     * Checks what {@code jdk.jfr.consumer.RecordingFile} needs before it is given a file: that reader is made for
     * recordings still being written, and waits forever on a chunk whose header says it is being updated or has no
     * metadata yet. Throws JfrFormatException naming the chunk that is not finished.
     */
    public static void requireFinished(Path file) throws IOException {
        List<ChunkSpan> chunks = chunks(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer header = ByteBuffer.allocate(Chunk.HEADER_SIZE);
            for (ChunkSpan chunk : chunks) {
                header.clear();
                while (header.hasRemaining() && channel.read(header, chunk.offset() + header.position()) > 0) {
                    // read the whole header
                }
                long constantPools = header.getLong(16);
                long metadata = header.getLong(24);
                byte state = header.get(FILE_STATE);
                if (state != 0 || constantPools <= 0 || constantPools >= chunk.size() || metadata <= 0 || metadata >= chunk.size()) {
                    throw new JfrFormatException("the chunk at offset " + chunk.offset()
                            + " was not finished (the JVM was still writing it or was killed)");
                }
            }
        }
    }

    /** Calls {@code consumer} for every event of these chunks of the file whose type is one of {@code eventNames}. */
    public static void read(Path file, List<ChunkSpan> chunks, Set<String> eventNames, Consumer<JfrEvent> consumer)
            throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            MetadataCache metadata = new MetadataCache();
            byte[] bytes = new byte[0];
            for (ChunkSpan chunk : chunks) {
                int chunkSize = Math.toIntExact(chunk.size());
                // one heap array, reused from chunk to chunk: varints decode fastest from a plain array
                if (bytes.length < chunkSize) bytes = new byte[chunkSize];
                ByteBuffer target = ByteBuffer.wrap(bytes, 0, chunkSize);
                while (target.hasRemaining() && channel.read(target, chunk.offset() + target.position()) > 0) {
                    // read the whole chunk
                }
                if (target.hasRemaining()) throw new JfrFormatException("truncated: the file ends inside a chunk");
                new Chunk(bytes, chunkSize, metadata).events(eventNames, consumer);
            }
        } catch (java.nio.BufferUnderflowException | IndexOutOfBoundsException e) {
            throw new JfrFormatException("truncated or damaged: a value runs past the end of its chunk");
        }
    }
}
