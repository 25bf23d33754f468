package dev.jprof.render.pprof;

import java.io.ByteArrayOutputStream;

/** One protocol-buffers message being written: varint, length-delimited and packed fields. */
final class ProtoMessage {
    private static final int VARINT = 0;
    private static final int LENGTH_DELIMITED = 2;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    ProtoMessage varint(int field, long value) {
        if (value == 0) return this;
        key(field, VARINT);
        raw(value);
        return this;
    }

    ProtoMessage bool(int field, boolean value) {
        return varint(field, value ? 1 : 0);
    }

    ProtoMessage string(int field, String text) {
        return bytes(field, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Unlike other fields, repeated strings are written even when empty (pprof's string table starts with ""). */
    ProtoMessage bytes(int field, byte[] data) {
        key(field, LENGTH_DELIMITED);
        raw(data.length);
        bytes.write(data, 0, data.length);
        return this;
    }

    ProtoMessage message(int field, ProtoMessage message) {
        return bytes(field, message.toByteArray());
    }

    ProtoMessage packed(int field, long[] values, int count) {
        if (count == 0) return this;
        ProtoMessage packed = new ProtoMessage();
        for (int i = 0; i < count; i++) packed.raw(values[i]);
        return bytes(field, packed.toByteArray());
    }

    private void key(int field, int wireType) {
        raw((long) field << 3 | wireType);
    }

    private void raw(long value) {
        while ((value & ~0x7FL) != 0) {
            bytes.write((int) (value & 0x7F) | 0x80);
            value >>>= 7;
        }
        bytes.write((int) value);
    }

    byte[] toByteArray() {
        return bytes.toByteArray();
    }
}
