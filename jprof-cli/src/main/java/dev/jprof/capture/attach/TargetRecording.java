package dev.jprof.capture.attach;

import java.nio.file.Path;
import java.util.Map;

/**
 * jprof's own JFR recording inside the attached JVM, driven over JMX. The JVM's other recordings
 * are never touched. Two ways in: {@link MXBeanRecording} (FlightRecorderMXBean, preferred) and
 * {@link DiagnosticCommandRecording} (JFR.start/JFR.stop through the DiagnosticCommand MBean) for
 * JVMs without the jdk.management.jfr module.
 */
interface TargetRecording {
    /** How the recording is driven, for the engine string: "FlightRecorderMXBean" or "DiagnosticCommand". */
    String via();

    /** Whether the JVM knows this JFR event type (answers from the JVM where possible). */
    boolean hasEventType(String name) throws Exception;

    /**
     * Creates and starts the recording on disk with exactly these event settings. When
     * {@code exitDump} is not null the JVM writes the recording there if it exits before
     * {@link #finish} (best effort).
     */
    void start(String name, Map<String, String> settings, Path exitDump) throws Exception;

    /** Whether the recording exists in the JVM and is running. */
    boolean isRunning() throws Exception;

    /** Stops the recording, copies all its data to {@code out} and closes it in the JVM. */
    void finish(Path out) throws Exception;

    /** Stops and closes the recording if it still exists, ignoring every failure. */
    void abort();
}
