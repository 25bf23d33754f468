package dev.jprof.capture.attach;

/**
 * Attaching to, or recording in, a running JVM failed for a reason the user can see and act on.
 * The message is one line meant for the terminal (no class names, no stack trace); {@link #reason()}
 * tells programs what went wrong.
 */
public class AttachException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What went wrong, for callers that react differently (exit codes, retries, tests). */
    public enum Reason {
        /** No process has this pid (or it exited while jprof attached). */
        NO_SUCH_PROCESS,
        /** The pid is jprof's own process. */
        SELF,
        /** The process runs as another user and jprof is not root. */
        OTHER_USER,
        /** The process is not a Java VM. */
        NOT_A_JVM,
        /** A JVM that refuses attach: -XX:+DisableAttachMechanism, -Xrs, or not ready. */
        ATTACH_DISABLED,
        /** A JVM too old, or lacking a module jprof needs (JMX agent, JFR). */
        UNSUPPORTED,
        /** The JVM refuses to load jprof's agent (-XX:-EnableDynamicAgentLoading) or the agent failed. */
        AGENT_FAILED,
        /** The JVM did not answer in time. */
        TIMEOUT,
        /** The JVM exited while recording and nothing could be kept. */
        TARGET_EXITED,
        /** Anything else; the message says what. */
        FAILED
    }

    private final Reason reason;

    public AttachException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public AttachException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
