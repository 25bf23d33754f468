package dev.jprof.cli;

/** A failure the user caused or can fix: printed as one line, exit code 2 unless given. */
public final class UserError extends RuntimeException {
    private final int exitCode;

    public UserError(String message) {
        this(message, 2);
    }

    public UserError(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
