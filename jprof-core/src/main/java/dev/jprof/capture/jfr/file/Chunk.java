package dev.jprof.capture.jfr.file;

import java.util.Set;
import java.util.function.Consumer;

/** One self-contained chunk of a recording: header, metadata, constant pools, then events. */
final class Chunk {
    static final int HEADER_SIZE = 68;
    private static final int COMPRESSED_INTS = 1;

    private final JfrInput in;
    private final long startNanos;
    private final long startTicks;
    private final long ticksPerSecond;
    private final double nanosPerTick;
    private final ConstantPools pools;
    private final Metadata metadata;

    Chunk(byte[] bytes, int size, MetadataCache metadataCache) {
        long constantPoolOffset = longAt(bytes, 16);
        long metadataOffset = longAt(bytes, 24);
        this.startNanos = longAt(bytes, 32);
        this.startTicks = longAt(bytes, 48);
        this.ticksPerSecond = longAt(bytes, 56);
        if (constantPoolOffset <= 0 || metadataOffset <= 0 || ticksPerSecond <= 0) {
            throw new JfrFormatException("a chunk was not finished (the JVM was still writing it or was killed)");
        }
        this.nanosPerTick = 1e9 / ticksPerSecond;
        this.in = new JfrInput(bytes, size, (intAt(bytes, 64) & COMPRESSED_INTS) != 0);
        this.metadata = metadataCache.read(in, metadataOffset);
        this.pools = new ConstantPools(metadata, in);
        pools.read(constantPoolOffset);
    }

    /** The big-endian long at {@code offset}. */
    static long longAt(byte[] bytes, int offset) {
        long value = 0;
        for (int i = 0; i < 8; i++) value = value << 8 | (bytes[offset + i] & 0xff);
        return value;
    }

    static int intAt(byte[] bytes, int offset) {
        int value = 0;
        for (int i = 0; i < 4; i++) value = value << 8 | (bytes[offset + i] & 0xff);
        return value;
    }

    ConstantPools pools() {
        return pools;
    }

    JfrType type(String name) {
        return metadata.typeOrNull(name);
    }

    long startNanos() {
        return startNanos;
    }

    long epochNanos(long ticks) {
        return startNanos + tickNanos(ticks - startTicks);
    }

    long tickNanos(long ticks) {
        return ticksPerSecond == 1_000_000_000L ? ticks : (long) (ticks * nanosPerTick);
    }

    void events(Set<String> names, Consumer<JfrEvent> consumer) {
        LongMap<JfrType> wanted = new LongMap<>();
        for (String name : names) {
            JfrType type = metadata.typeOrNull(name);
            if (type != null) wanted.put(type.id(), type);
        }
        JfrEvent event = new JfrEvent(this);
        int end = in.limit();
        int position = HEADER_SIZE;
        while (position < end) {
            in.position(position);
            int size = in.readInt();
            if (size <= 0 || size > end - position) {
                throw new JfrFormatException("damaged event of " + size + " bytes at chunk offset " + position);
            }
            JfrType type = wanted.get(in.readLong());
            if (type != null) {
                event.decode(type, in);
                consumer.accept(event);
            }
            position += size;
        }
    }
}
