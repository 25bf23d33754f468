package dev.jprof.capture.attach;

import javax.management.MBeanOperationInfo;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Our recording through {@code com.sun.management:type=DiagnosticCommand} (JFR.start, JFR.check,
 * JFR.stop), for JVMs that have JFR but no FlightRecorderMXBean. The settings go in a temporary
 * .jfc file the JVM reads; JFR.stop writes the recording to a file the JVM can write and jprof can
 * read (see {@link TargetFiles}), which is then moved to the output.
 */
final class DiagnosticCommandRecording implements TargetRecording {
    static final String OBJECT_NAME = "com.sun.management:type=DiagnosticCommand";
    private static final String[] SIGNATURE = {String[].class.getName()};

    private final MBeanServerConnection mbeans;
    private final ObjectName name;
    private final int featureVersion;
    private final TargetFiles files;
    private String recordingName;
    private Path dump;

    DiagnosticCommandRecording(JvmConnection jvm, TargetFiles files) throws Exception {
        this.mbeans = jvm.mbeans();
        this.name = new ObjectName(OBJECT_NAME);
        this.featureVersion = jvm.featureVersion();
        this.files = files;
        if (!mbeans.isRegistered(name)) throw new IOException("it has no DiagnosticCommand MBean");
        boolean jfr = false;
        for (MBeanOperationInfo operation : mbeans.getMBeanInfo(name).getOperations()) {
            if (operation.getName().equals("jfrStart")) jfr = true;
        }
        if (!jfr) throw new IOException("its Java runtime has no Flight Recorder (module jdk.jfr)");
    }

    @Override
    public String via() {
        return "DiagnosticCommand";
    }

    /** No event list over this path: JDK 25 brought jdk.CPUTimeSample (it works on Linux only). */
    @Override
    public boolean hasEventType(String eventName) {
        if (eventName.equals("jdk.CPUTimeSample")) {
            return featureVersion >= 25 && System.getProperty("os.name", "").toLowerCase().contains("linux");
        }
        return true;
    }

    @Override
    public void start(String recordingName, Map<String, String> settings, Path exitDump) throws Exception {
        Path jfc = files.file(recordingName + ".jfc");
        Files.writeString(jfc, jfc(settings), StandardCharsets.UTF_8);
        files.readableByTarget(jfc);
        this.dump = exitDump != null ? exitDump : files.file(recordingName + ".jfr");
        List<String> args = new ArrayList<>(List.of("name=" + recordingName, "settings=" + jfc, "disk=true",
                "dumponexit=true", "filename=" + dump));
        run("jfrStart", args);
        this.recordingName = recordingName;
    }

    @Override
    public boolean isRunning() throws Exception {
        return run("jfrCheck", List.of("name=" + recordingName)).contains("(running)");
    }

    @Override
    public void finish(Path out) throws Exception {
        run("jfrStop", List.of("name=" + recordingName, "filename=" + dump));
        recordingName = null;
        if (!Files.isRegularFile(dump)) throw new IOException("the JVM wrote no recording to " + dump);
        Files.move(dump, out, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void abort() {
        if (recordingName == null) return;
        try {
            run("jfrStop", List.of("name=" + recordingName));
        } catch (Exception e) {
            // gone with the JVM
        }
        recordingName = null;
    }

    private String run(String operation, List<String> args) throws Exception {
        Object output = mbeans.invoke(name, operation, new Object[]{args.toArray(new String[0])}, SIGNATURE);
        return output == null ? "" : output.toString();
    }

    /** A .jfc file holding exactly these {@code event#setting=value} settings. */
    static String jfc(Map<String, String> settings) {
        Map<String, Map<String, String>> byEvent = new TreeMap<>();
        for (Map.Entry<String, String> e : settings.entrySet()) {
            int hash = e.getKey().indexOf('#');
            if (hash <= 0) continue;
            byEvent.computeIfAbsent(e.getKey().substring(0, hash), k -> new TreeMap<>())
                    .put(e.getKey().substring(hash + 1), e.getValue());
        }
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<configuration version=\"2.0\" label=\"jprof\" description=\"jprof attach\" provider=\"jprof\">\n");
        byEvent.forEach((event, values) -> {
            xml.append("  <event name=\"").append(escape(event)).append("\">\n");
            values.forEach((setting, value) -> xml.append("    <setting name=\"").append(escape(setting)).append("\">")
                    .append(escape(value)).append("</setting>\n"));
            xml.append("  </event>\n");
        });
        return xml.append("</configuration>\n").toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
