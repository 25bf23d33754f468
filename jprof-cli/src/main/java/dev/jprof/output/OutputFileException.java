package dev.jprof.output;

import java.io.IOException;

/** An output file that cannot be written, in one line that names it and says why (and whether the previous file is kept). */
public final class OutputFileException extends IOException {
    public OutputFileException(String message) {
        super(message);
    }
}
