package dev.jprof.capture.jfr.file;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** The primitive encodings of a JFR chunk: LEB128 varints (when the chunk says its integers are compressed) and strings. */
final class JfrInput {
    private static final byte STRING_NULL = 0;
    private static final byte STRING_EMPTY = 1;
    private static final byte STRING_CONSTANT = 2;
    private static final byte STRING_UTF8 = 3;
    private static final byte STRING_CHARS = 4;
    private static final byte STRING_LATIN1 = 5;

    private final ByteBuffer buffer;
    private final boolean compressed;

    JfrInput(ByteBuffer buffer, boolean compressed) {
        this.buffer = buffer;
        this.compressed = compressed;
    }

    int position() {
        return buffer.position();
    }

    void position(long position) {
        if (position < 0 || position > buffer.limit()) {
            throw new JfrFormatException("offset " + position + " lies outside the chunk (" + buffer.limit() + " bytes)");
        }
        buffer.position((int) position);
    }

    int limit() {
        return buffer.limit();
    }

    byte[] bytesAt(long offset, int length) {
        byte[] bytes = new byte[length];
        buffer.get((int) offset, bytes);
        return bytes;
    }

    byte readByte() {
        return buffer.get();
    }

    boolean readBoolean() {
        return buffer.get() != 0;
    }

    long readVarLong() {
        long result = 0;
        for (int shift = 0; shift < 56; shift += 7) {
            byte b = buffer.get();
            result |= (long) (b & 0x7f) << shift;
            if (b >= 0) return result;
        }
        return result | (long) (buffer.get() & 0xff) << 56;
    }

    int readInt() {
        return compressed ? (int) readVarLong() : buffer.getInt();
    }

    long readLong() {
        return compressed ? readVarLong() : buffer.getLong();
    }

    short readShort() {
        return compressed ? (short) readVarLong() : buffer.getShort();
    }

    char readChar() {
        return compressed ? (char) readVarLong() : buffer.getChar();
    }

    float readFloat() {
        return buffer.getFloat();
    }

    double readDouble() {
        return buffer.getDouble();
    }

    /** A string, or a {@link StringRef} into the chunk's string pool. */
    Object readString() {
        byte encoding = buffer.get();
        switch (encoding) {
            case STRING_NULL:
                return null;
            case STRING_EMPTY:
                return "";
            case STRING_CONSTANT:
                return new StringRef(readLong());
            case STRING_UTF8:
                return new String(bytes(readInt()), StandardCharsets.UTF_8);
            case STRING_LATIN1:
                return new String(bytes(readInt()), StandardCharsets.ISO_8859_1);
            case STRING_CHARS: {
                char[] chars = new char[length(readInt())];
                for (int i = 0; i < chars.length; i++) chars[i] = readChar();
                return new String(chars);
            }
            default:
                throw new JfrFormatException("unknown string encoding " + encoding + " at offset " + (buffer.position() - 1));
        }
    }

    private byte[] bytes(int length) {
        byte[] bytes = new byte[length(length)];
        buffer.get(bytes);
        return bytes;
    }

    private int length(int length) {
        if (length < 0 || length > buffer.remaining()) throw new BufferUnderflowException();
        return length;
    }

    /** A string held in the chunk's {@code java.lang.String} constant pool. */
    record StringRef(long key) {
    }
}
