package dev.jprof.heap;

import dev.jprof.capture.ProfileFormatException;

/** A file that is not a readable HPROF heap dump; the message is one line for the user. */
public final class HeapDumpFormatException extends ProfileFormatException {
    private static final long serialVersionUID = 1L;

    public HeapDumpFormatException(String message) {
        super(message);
    }
}
