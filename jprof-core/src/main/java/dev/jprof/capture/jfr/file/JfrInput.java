package dev.jprof.capture.jfr.file;

import java.nio.charset.StandardCharsets;

/**
 * The primitive encodings of a JFR chunk: LEB128 varints (when the chunk says its integers are compressed) and strings.
 * Reads a byte array directly: a value that runs past its end throws {@link ArrayIndexOutOfBoundsException},
 * which {@link JfrFile} reports as a damaged file.
 */
final class JfrInput {
    private static final byte STRING_NULL = 0;
    private static final byte STRING_EMPTY = 1;
    private static final byte STRING_CONSTANT = 2;
    private static final byte STRING_UTF8 = 3;
    private static final byte STRING_CHARS = 4;
    private static final byte STRING_LATIN1 = 5;

    private final byte[] bytes;
    private final int limit;
    private final boolean compressed;
    private int position;

    JfrInput(byte[] bytes, int limit, boolean compressed) {
        this.bytes = bytes;
        this.limit = limit;
        this.compressed = compressed;
    }

    int position() {
        return position;
    }

    void position(long position) {
        if (position < 0 || position > limit) {
            throw new JfrFormatException("offset " + position + " lies outside the chunk (" + limit + " bytes)");
        }
        this.position = (int) position;
    }

    int limit() {
        return limit;
    }

    boolean compressed() {
        return compressed;
    }

    byte[] bytesAt(long offset, int length) {
        if (offset < 0 || length < 0 || offset + length > limit) throw new ArrayIndexOutOfBoundsException((int) offset);
        return java.util.Arrays.copyOfRange(bytes, (int) offset, (int) offset + length);
    }

    private byte next() {
        int p = position;
        if (p >= limit) throw new ArrayIndexOutOfBoundsException(p);
        position = p + 1;
        return bytes[p];
    }

    byte readByte() {
        return next();
    }

    boolean readBoolean() {
        return next() != 0;
    }

    long readVarLong() {
        int p = position;
        if (limit - p >= 9) {
            byte[] b = bytes;
            long result = 0;
            for (int shift = 0; shift < 56; shift += 7) {
                byte x = b[p++];
                result |= (long) (x & 0x7f) << shift;
                if (x >= 0) {
                    position = p;
                    return result;
                }
            }
            position = p + 1;
            return result | (long) (b[p] & 0xff) << 56;
        }
        long result = 0;
        for (int shift = 0; shift < 56; shift += 7) {
            byte x = next();
            result |= (long) (x & 0x7f) << shift;
            if (x >= 0) return result;
        }
        return result | (long) (next() & 0xff) << 56;
    }

    /** Reads {@code count} varints into {@code out} (compressed chunks only): one call for a whole stack trace. */
    void readVarLongs(long[] out, int count) {
        int p = position;
        byte[] b = bytes;
        int end = limit;
        for (int i = 0; i < count; i++) {
            if (end - p < 9) {
                position = p;
                out[i] = readVarLong();
                p = position;
                continue;
            }
            long x = b[p++];
            if (x >= 0) {
                out[i] = x;
                continue;
            }
            long result = x & 0x7f;
            for (int shift = 7; ; shift += 7) {
                x = b[p++];
                if (shift == 56) {
                    result |= (x & 0xff) << 56;
                    break;
                }
                result |= (x & 0x7f) << shift;
                if (x >= 0) break;
            }
            out[i] = result;
        }
        position = p;
    }

    /** Skips {@code count} varints (compressed chunks only): each ends at a byte below 0x80, or at its ninth byte. */
    void skipVarLongs(long count) {
        int p = position;
        byte[] b = bytes;
        int end = limit;
        long left = count;
        int run = 0;
        while (left > 0) {
            if (p >= end) throw new ArrayIndexOutOfBoundsException(p);
            if (b[p++] >= 0 || run == 8) {
                left--;
                run = 0;
            } else {
                run++;
            }
        }
        position = p;
    }

    void skip(long count) {
        if (count < 0 || count > limit - position) throw new ArrayIndexOutOfBoundsException(position);
        position += (int) count;
    }

    private long fixed(int size) {
        int p = position;
        if (p + size > limit) throw new ArrayIndexOutOfBoundsException(p);
        long value = 0;
        for (int i = 0; i < size; i++) value = value << 8 | (bytes[p + i] & 0xff);
        position = p + size;
        return value;
    }

    int readInt() {
        return compressed ? (int) readVarLong() : (int) fixed(4);
    }

    long readLong() {
        return compressed ? readVarLong() : fixed(8);
    }

    short readShort() {
        return compressed ? (short) readVarLong() : (short) fixed(2);
    }

    char readChar() {
        return compressed ? (char) readVarLong() : (char) fixed(2);
    }

    float readFloat() {
        return Float.intBitsToFloat((int) fixed(4));
    }

    double readDouble() {
        return Double.longBitsToDouble(fixed(8));
    }

    /** A string, or a {@link StringRef} into the chunk's string pool. */
    Object readString() {
        byte encoding = next();
        switch (encoding) {
            case STRING_NULL:
                return null;
            case STRING_EMPTY:
                return "";
            case STRING_CONSTANT:
                return new StringRef(readLong());
            case STRING_UTF8: {
                int length = length(readInt());
                String s = new String(bytes, position, length, StandardCharsets.UTF_8);
                position += length;
                return s;
            }
            case STRING_LATIN1: {
                int length = length(readInt());
                String s = new String(bytes, position, length, StandardCharsets.ISO_8859_1);
                position += length;
                return s;
            }
            case STRING_CHARS: {
                char[] chars = new char[length(readInt())];
                for (int i = 0; i < chars.length; i++) chars[i] = readChar();
                return new String(chars);
            }
            default:
                throw new JfrFormatException("unknown string encoding " + encoding + " at offset " + (position - 1));
        }
    }

    /** Skips a string without building it. */
    void skipString() {
        byte encoding = next();
        switch (encoding) {
            case STRING_NULL:
            case STRING_EMPTY:
                return;
            case STRING_CONSTANT:
                readLong();
                return;
            case STRING_UTF8:
            case STRING_LATIN1:
                position += length(readInt());
                return;
            case STRING_CHARS: {
                int n = length(readInt());
                for (int i = 0; i < n; i++) readChar();
                return;
            }
            default:
                throw new JfrFormatException("unknown string encoding " + encoding + " at offset " + (position - 1));
        }
    }

    private int length(int length) {
        if (length < 0 || length > limit - position) throw new ArrayIndexOutOfBoundsException(position);
        return length;
    }

    /** A string held in the chunk's {@code java.lang.String} constant pool. */
    record StringRef(long key) {
    }
}
