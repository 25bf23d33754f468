package dev.jprof.capture.jfr;

import jdk.jfr.Event;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** The agent's events, declared again here so tests can write exactly the values they check. */
final class TestEvents {
    private TestEvents() {
    }

    @Name(JprofEvents.RECORDING_INFO)
    @StackTrace(false)
    static final class RecordingInfo extends Event {
        String mode;
        long intervalNanos;
        String engine;
        boolean debugNonSafepoints;
    }

    @Name(JprofEvents.WAIT_SAMPLE)
    @StackTrace(false)
    static final class WaitSample extends Event {
        Thread sampledThread;
        String state;
        String stack;
        int count;
    }

    @Name(JprofEvents.THREAD_ACTIVITY)
    @StackTrace(false)
    static final class ThreadActivity extends Event {
        Thread sampledThread;
        long runnableTicks;
        long cpuNanos;
    }
}
