package dev.jprof.heap;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Big-endian reads from a file through one reusable buffer, sequential or at a position. */
final class HprofInput {
    private static final int BUFFER = 1 << 20;

    private final FileChannel channel;
    private final long size;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
    /** File position of buffer index 0. */
    private long bufferStart;
    private int idSize = 8;

    HprofInput(FileChannel channel) throws IOException {
        this.channel = channel;
        this.size = channel.size();
        buffer.limit(0);
    }

    void idSize(int idSize) {
        this.idSize = idSize;
    }

    int idSize() {
        return idSize;
    }

    long size() {
        return size;
    }

    long position() {
        return bufferStart + buffer.position();
    }

    boolean atEnd() {
        return position() >= size;
    }

    void seek(long position) throws IOException {
        if (position >= bufferStart && position <= bufferStart + buffer.limit()) {
            buffer.position((int) (position - bufferStart));
            return;
        }
        bufferStart = position;
        buffer.clear().limit(0);
    }

    private void need(int n) throws IOException {
        if (buffer.remaining() >= n) return;
        long position = position();
        buffer.compact(); // the unread bytes move to index 0, which is now the file's `position`
        bufferStart = position;
        while (buffer.position() < n) {
            if (channel.read(buffer, bufferStart + buffer.position()) < 0) {
                throw new EOFException("ends inside a record at byte " + (bufferStart + buffer.position()));
            }
        }
        buffer.flip();
    }

    int u1() throws IOException {
        need(1);
        return buffer.get() & 0xff;
    }

    int u2() throws IOException {
        need(2);
        return buffer.getShort() & 0xffff;
    }

    int u4() throws IOException {
        need(4);
        return buffer.getInt();
    }

    long u8() throws IOException {
        need(8);
        return buffer.getLong();
    }

    long id() throws IOException {
        return idSize == 4 ? u4() & 0xffffffffL : u8();
    }

    byte[] bytes(int n) throws IOException {
        byte[] out = new byte[n];
        int done = 0;
        while (done < n) {
            need(1);
            int chunk = Math.min(n - done, buffer.remaining());
            buffer.get(out, done, chunk);
            done += chunk;
        }
        return out;
    }

    void skip(long n) throws IOException {
        if (n < 0) throw new EOFException("negative length " + n);
        long target = position() + n;
        if (target > size) throw new EOFException("a record of " + n + " bytes at byte " + position() + " runs past the end (" + size + " bytes)");
        seek(target);
    }
}
