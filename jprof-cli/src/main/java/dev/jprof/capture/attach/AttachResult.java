package dev.jprof.capture.attach;

import dev.jprof.capture.jfr.ThreadActivity;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link AttachRecorder#record} produced.
 *
 * @param recording     the JFR file written (the {@code jfrOut} that was asked for)
 * @param activity      CPU time of each thread of the JVM during the recording, measured over JMX
 *                      (runnableTicks 0, cpuNanos -1 when unknown); empty when the JVM exited early
 * @param warnings      one line each, for the user: what limits the profile's accuracy, side effects in the JVM
 * @param engine        what sampled and how the recording was driven, e.g. "jfr-execution-sample via FlightRecorderMXBean"
 * @param targetVersion the JVM's java.vm.version, e.g. "17.0.15+6-Debian-1deb12u1"
 */
public record AttachResult(Path recording, List<ThreadActivity> activity, List<String> warnings, String engine,
                           String targetVersion) {
    public AttachResult {
        activity = List.copyOf(activity);
        warnings = List.copyOf(warnings);
    }
}
