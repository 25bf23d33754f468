package dev.jprof.capture.jfr.file;

/** The bytes are not a JFR recording this reader understands. */
public final class JfrFormatException extends RuntimeException {
    public JfrFormatException(String message) {
        super(message);
    }
}
