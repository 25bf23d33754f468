package dev.jprof.capture.attach;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The counters a HotSpot JVM publishes in its hsperfdata file (what jps and jstat read): strings
 * such as {@code sun.rt.javaCommand} and {@code java.property.java.version}, and longs such as
 * {@code sun.rt.createVmBeginTime}. Reading the file touches nothing in the JVM.
 *
 * <p>Layout (HotSpot's perfMemory.hpp): a prologue (magic 0xcafec0c0, byte order, version, ...,
 * entry offset and count at 24 and 28), then entries of {length, name offset, vector length, type,
 * flags, units, variability, data offset}; type 'B' with a vector length is a string, 'J' a long.
 */
record PerfData(Map<String, String> strings, Map<String, Long> longs) {
    private static final int MAGIC = 0xcafec0c0;

    static PerfData read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        if (bytes.length < 32 || buffer.getInt(0) != MAGIC) throw new IOException(file + ": not a hsperfdata file");
        buffer.order(bytes[4] == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        int offset = buffer.getInt(24);
        int count = buffer.getInt(28);
        Map<String, String> strings = new HashMap<>();
        Map<String, Long> longs = new HashMap<>();
        for (int i = 0; i < count && offset > 0 && offset + 20 <= bytes.length; i++) {
            int length = buffer.getInt(offset);
            if (length <= 0) break;
            int nameStart = offset + buffer.getInt(offset + 4);
            int vectorLength = buffer.getInt(offset + 8);
            byte type = buffer.get(offset + 12);
            int data = offset + buffer.getInt(offset + 16);
            String name = cString(bytes, nameStart, bytes.length);
            if (type == 'B' && vectorLength > 0 && data + vectorLength <= bytes.length) {
                strings.put(name, cString(bytes, data, data + vectorLength));
            } else if (type == 'J' && vectorLength == 0 && data + 8 <= bytes.length) {
                longs.put(name, buffer.getLong(data));
            }
            offset += length;
        }
        return new PerfData(strings, longs);
    }

    private static String cString(byte[] bytes, int from, int limit) {
        int end = from;
        while (end < limit && end < bytes.length && bytes[end] != 0) end++;
        return new String(bytes, from, Math.max(0, end - from), StandardCharsets.UTF_8);
    }

    String string(String name) {
        return strings.getOrDefault(name, "");
    }
}
