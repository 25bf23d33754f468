package dev.jprof.capture.launch;

import java.nio.file.Path;
import java.util.List;

/**
 * What a launched command left behind.
 *
 * @param exitCode   the command's exit code (128 + signal number when a signal ended it)
 * @param recordings one JFR file per JVM that ran under the profiler, named {@code <pid>.jfr}, sorted;
 *                   empty when no JVM ran
 * @param killed     pids of JVMs that were killed before writing their recording, which was rebuilt
 *                   from JFR's repository up to its last flush
 */
public record LaunchResult(int exitCode, List<Path> recordings, List<Long> killed) {
    public LaunchResult {
        recordings = List.copyOf(recordings);
        killed = List.copyOf(killed);
    }
}
