package dev.jprof.capture.attach;

import jdk.management.jfr.FlightRecorderMXBean;

import javax.management.JMX;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Our recording through {@code jdk.management.jfr:type=FlightRecorder}: newRecording,
 * setRecordingOptions, setRecordingSettings, startRecording; at the end stopRecording, then
 * openStream/readStream/closeStream into the output file and closeRecording.
 *
 * <p>The attributes EventTypes and Recordings are read as raw open data: the typed proxy's
 * {@code getEventTypes()} fails on the client (EventTypeInfo.from looks for an item "settings"
 * that the MXBean does not send), and raw data does not depend on the two JDKs' classes agreeing.
 */
final class MXBeanRecording implements TargetRecording {
    static final String OBJECT_NAME = "jdk.management.jfr:type=FlightRecorder";
    private static final int BLOCK_SIZE = 1 << 20;

    private final MBeanServerConnection mbeans;
    private final ObjectName name;
    private final FlightRecorderMXBean recorder;
    private Set<String> eventTypes;
    private long id = -1;
    private boolean exitDumpSet;

    private MXBeanRecording(MBeanServerConnection mbeans, ObjectName name) {
        this.mbeans = mbeans;
        this.name = name;
        this.recorder = JMX.newMXBeanProxy(mbeans, name, FlightRecorderMXBean.class);
    }

    /** The MXBean path, or null when the JVM (or jprof's own runtime) has no FlightRecorderMXBean. */
    static MXBeanRecording tryOpen(JvmConnection jvm) throws IOException {
        try {
            ObjectName name = new ObjectName(OBJECT_NAME);
            if (!jvm.mbeans().isRegistered(name)) return null;
            return new MXBeanRecording(jvm.mbeans(), name);
        } catch (LinkageError e) {
            return null; // jprof runs on a runtime without jdk.management.jfr
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String via() {
        return "FlightRecorderMXBean";
    }

    @Override
    public boolean hasEventType(String eventName) throws Exception {
        if (eventTypes == null) {
            Set<String> names = new HashSet<>();
            for (CompositeData type : (CompositeData[]) mbeans.getAttribute(name, "EventTypes")) {
                names.add(String.valueOf(type.get("name")));
            }
            eventTypes = names;
        }
        return eventTypes.contains(eventName);
    }

    @Override
    public void start(String recordingName, Map<String, String> settings, Path exitDump) throws Exception {
        id = recorder.newRecording();
        try {
            Map<String, String> options = new HashMap<>();
            options.put("name", recordingName);
            options.put("disk", "true");
            recorder.setRecordingOptions(id, options);
            if (exitDump != null) {
                try {
                    Map<String, String> onExit = new HashMap<>();
                    onExit.put("destination", exitDump.toString());
                    onExit.put("dumpOnExit", "true");
                    recorder.setRecordingOptions(id, onExit);
                    exitDumpSet = true;
                } catch (IllegalArgumentException e) {
                    // the JVM cannot write there (another file system view): no data if it exits early
                }
            }
            recorder.setRecordingSettings(id, settings);
            recorder.startRecording(id);
        } catch (Exception | Error e) {
            abort();
            throw e;
        }
    }

    @Override
    public boolean isRunning() throws Exception {
        for (CompositeData recording : (CompositeData[]) mbeans.getAttribute(name, "Recordings")) {
            if (((Number) recording.get("id")).longValue() == id) return "RUNNING".equals(recording.get("state"));
        }
        return false;
    }

    @Override
    public void finish(Path out) throws Exception {
        if (exitDumpSet) {
            // the JVM would otherwise also write the whole recording to the exit file on stop
            Map<String, String> noDump = new HashMap<>();
            noDump.put("dumpOnExit", "false");
            noDump.put("destination", null);
            recorder.setRecordingOptions(id, noDump);
        }
        recorder.stopRecording(id);
        Map<String, String> streamOptions = new HashMap<>();
        streamOptions.put("blockSize", Integer.toString(BLOCK_SIZE));
        long stream = recorder.openStream(id, streamOptions);
        try (OutputStream file = Files.newOutputStream(out)) {
            byte[] block;
            while ((block = recorder.readStream(stream)) != null) file.write(block);
        } finally {
            try {
                recorder.closeStream(stream);
            } catch (Exception e) {
                // streams time out in the JVM anyway
            }
        }
        recorder.closeRecording(id);
        id = -1;
    }

    @Override
    public void abort() {
        if (id < 0) return;
        try {
            recorder.closeRecording(id); // stops it too, writing nothing
        } catch (Exception e) {
            // gone with the JVM
        }
        id = -1;
    }
}
