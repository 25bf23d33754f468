package dev.jprof.agent.watch;

import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;

/** jprof's JFR recordings in this JVM, found by name; a class of its own so the watchdog links JFR only when it needs it. */
final class JfrRecordings {
    private JfrRecordings() {
    }

    /** Closes every recording named {@code name}: stopped without being written, then removed. */
    static void close(String name) {
        try {
            if (!FlightRecorder.isInitialized()) return;
            for (Recording recording : FlightRecorder.getFlightRecorder().getRecordings()) {
                if (name.equals(recording.getName())) {
                    recording.setDestination(null);
                    recording.close();
                }
            }
        } catch (Throwable t) {
            // JFR gone or shutting down with the JVM
        }
    }
}
