package dev.jprof.capture;

import java.io.IOException;

/** A file that cannot be read as a profile; the message is one line a user can act on. */
public class ProfileFormatException extends IOException {
    public ProfileFormatException(String message) {
        super(message);
    }

    public ProfileFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
