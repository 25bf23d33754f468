package dev.jprof.capture.jfr;

import dev.jprof.capture.ProfileFormatException;

import java.nio.file.Path;

/** A readable recording without a single lock wait: not broken, but there is no lock profile to show. */
public final class NoLockWaitsException extends ProfileFormatException {
    private final String reason;

    NoLockWaitsException(Path file, String reason) {
        super(file + ": " + reason);
        this.reason = reason;
    }

    /** What is missing, without the file: "the recording has no lock waits of 100.00 us or more (...)". */
    public String reason() {
        return reason;
    }
}
