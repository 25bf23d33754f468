package dev.jprof.agent.request;

import dev.jprof.agent.AgentLog;
import dev.jprof.agent.jfr.EventSettings;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;

/**
 * JFR's samples of running threads (JDK 25's CPU-time sampler where the JVM has it: one sample per interval of a
 * thread's CPU time; else the execution sampler), and its events of threads that wait at least one interval
 * (parking, monitors, sleeping, socket and file I/O), with their stacks.
 */
final class JfrRequestSampling implements RequestSampling {
    static final String FILE = "samples.jfr";
    private static final long MAX_BYTES = 64L << 20;
    private static final String[] WAITS = {"jdk.ThreadPark", "jdk.JavaMonitorEnter", "jdk.JavaMonitorWait", "jdk.ThreadSleep",
            "jdk.SocketRead", "jdk.SocketWrite", "jdk.FileRead", "jdk.FileWrite"};
    private Recording recording;
    private boolean cpuTime;

    @Override
    public String engine() {
        return cpuTime ? EventSettings.ENGINE_CPU_TIME : EventSettings.ENGINE_EXECUTION_SAMPLE;
    }

    @Override
    public void start(long intervalNanos, long keepNanos) {
        Map<String, String> settings = new HashMap<>();
        cpuTime = EventSettings.cpuTimeSamplerAvailable();
        long millis = Math.max(1, intervalNanos / 1_000_000);
        if (cpuTime) {
            settings.put(EventSettings.CPU_TIME_SAMPLE + "#enabled", "true");
            settings.put(EventSettings.CPU_TIME_SAMPLE + "#throttle", millis + " ms");
        } else {
            settings.put(EventSettings.EXECUTION_SAMPLE + "#enabled", "true");
            settings.put(EventSettings.EXECUTION_SAMPLE + "#period", millis + " ms");
        }
        for (String wait : WAITS) {
            settings.put(wait + "#enabled", "true");
            settings.put(wait + "#threshold", millis + " ms");
            settings.put(wait + "#stackTrace", "true");
        }
        FlightRecorder.register(RequestWindowEvent.class);
        settings.put(RequestWindowEvent.NAME + "#enabled", "true");
        settings.put(RequestWindowEvent.NAME + "#threshold", "0 ns");
        Recording r = new Recording(settings);
        r.setName("jprof-request");
        r.setToDisk(true);
        r.setMaxSize(MAX_BYTES);
        if (keepNanos > 0) r.setMaxAge(java.time.Duration.ofNanos(keepNanos));
        r.start();
        recording = r;
    }

    @Override
    public Object requestBegins(String nonce) {
        RequestWindowEvent event = new RequestWindowEvent();
        event.nonce = nonce;
        event.begin();
        return event;
    }

    @Override
    public void requestEnds(Object mark) {
        if (!(mark instanceof RequestWindowEvent)) return;
        RequestWindowEvent event = (RequestWindowEvent) mark;
        event.end();
        event.commit();
    }

    @Override
    public String snapshot(Path dir) {
        Recording r = recording;
        if (r == null) return null;
        try {
            r.dump(dir.resolve(FILE));
            return FILE;
        } catch (Throwable t) {
            AgentLog.line("could not write the request samples: " + AgentLog.describe(t));
            return null;
        }
    }

    @Override
    public String stop(Path dir) {
        Recording r = recording;
        recording = null;
        if (r == null) return null;
        try {
            // at the JVM's exit, JFR's own shutdown hook may have stopped it first
            if (r.getState() == RecordingState.RUNNING) r.stop();
            if (dir == null || r.getState() != RecordingState.STOPPED) return null;
            r.dump(dir.resolve(FILE));
            return FILE;
        } catch (Throwable t) {
            AgentLog.line("could not write the request samples: " + AgentLog.describe(t));
            return null;
        } finally {
            r.close();
            try {
                FlightRecorder.unregister(RequestWindowEvent.class);
            } catch (Throwable ignored) {
                // JFR shut down meanwhile
            }
        }
    }
}
