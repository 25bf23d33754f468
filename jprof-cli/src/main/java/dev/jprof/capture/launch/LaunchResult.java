package dev.jprof.capture.launch;

import java.nio.file.Path;
import java.util.List;

/**
 * What a launched command left behind.
 *
 * @param exitCode   the command's exit code (128 + signal number when a signal ended it)
 * @param recordings one JFR file per JVM that ran under the profiler, named {@code <pid>.jfr}, sorted;
 *                   empty when no JVM ran
 */
public record LaunchResult(int exitCode, List<Path> recordings) {
    public LaunchResult {
        recordings = List.copyOf(recordings);
    }
}
