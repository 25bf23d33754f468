package dev.jprof.output;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** A stream a renderer may close: closing only flushes, and the stream under it stays open for its owner (stdout, a file still to be synced). */
public final class FlushOnClose extends FilterOutputStream {
    public FlushOnClose(OutputStream out) {
        super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
        flush();
    }
}
