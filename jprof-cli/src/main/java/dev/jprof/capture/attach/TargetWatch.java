package dev.jprof.capture.attach;

import dev.jprof.capture.BundledFile;

import java.io.IOException;
import java.util.List;

/**
 * jprof's watchdog in an attached JVM ({@code dev.jprof.agent.watch.Watchdog}): should this jprof
 * process die before it cleans up (SIGKILL, a crash), the JVM itself stops what jprof started there
 * and deletes jprof's folder of files for it. {@link #close} ends the watch once jprof has cleaned up.
 */
final class TargetWatch implements AutoCloseable {
    private final long pid;

    private TargetWatch(long pid) {
        this.pid = pid;
    }

    /**
     * @param guarded the watchdog's options for what to undo: {@code library=}, {@code recording=},
     *                {@code sampler=true}, {@code dir=} (last)
     * @return the watch, or null (with a warning) when the JVM refused jprof's agent
     */
    static TargetWatch start(long pid, String guarded, List<String> warnings, String keptWhat) {
        try {
            JvmConnection.loadAgent(pid, BundledFile.AGENT.path(), "watch=" + ProcessHandle.current().pid() + "," + guarded);
            return new TargetWatch(pid);
        } catch (AttachException | IOException e) {
            warnings.add("jprof's watchdog did not start in JVM " + pid + " (" + e.getMessage()
                    + "): if jprof is killed, " + keptWhat + " until the JVM exits");
            return null;
        }
    }

    @Override
    public void close() {
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) return;
        try {
            JvmConnection.loadAgent(pid, BundledFile.AGENT.path(), "watch-stop=" + ProcessHandle.current().pid());
        } catch (AttachException | IOException e) {
            // the JVM is gone, or the watch ends with it
        }
    }
}
