package dev.jprof.capture.attach;

import dev.jprof.capture.attach.AttachException.Reason;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The JVM's diagnostic commands (what jcmd runs) over JMX, through the DiagnosticCommand MBean:
 * GC.class_histogram; and heap dumps (GC.heap_dump's dumper). Both stop the JVM at a safepoint while they walk the heap.
 */
public final class DiagnosticCommands {
    private static final String[] SIGNATURE = {String[].class.getName()};

    private final JvmConnection jvm;

    public DiagnosticCommands(JvmConnection jvm) {
        this.jvm = jvm;
    }

    /**
     * GC.class_histogram: instances and bytes per class.
     *
     * @param live true: only live objects, after a full GC; false: all objects, unreachable ones included, no GC
     */
    public String classHistogram(boolean live) throws AttachException {
        return run("gcClassHistogram", "print a class histogram", live ? List.of() : List.of("-all"));
    }

    /**
     * GC.heap_dump of live objects (the JVM runs a full GC first) into {@code out}: the JVM writes it
     * in a folder of its own user, then it is moved to {@code out}.
     *
     * @throws IOException when the dump cannot be moved to {@code out}
     */
    public void heapDump(Path out) throws AttachException, IOException {
        try (TargetFiles files = TargetFiles.create(jvm.pid())) {
            Path dump = files.file(jvm.pid() + ".hprof");
            // GC.heap_dump is not exported over JMX; HotSpotDiagnosticMXBean.dumpHeap runs the same heap dumper
            jvm.call("dump its heap", () -> {
                jvm.hotSpotDiagnostic().dumpHeap(dump.toString(), true);
                return null;
            });
            if (!Files.isRegularFile(dump)) throw new AttachException(Reason.FAILED, "JVM " + jvm.pid() + " wrote no heap dump");
            Files.move(dump, out, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private String run(String operation, String what, List<String> args) throws AttachException {
        MBeanServerConnection mbeans = jvm.mbeans();
        Object output = jvm.call(what, () -> {
            ObjectName name = new ObjectName(DiagnosticCommandRecording.OBJECT_NAME);
            if (!mbeans.isRegistered(name)) throw new AttachException(Reason.UNSUPPORTED, "JVM " + jvm.pid() + " has no DiagnosticCommand MBean");
            return mbeans.invoke(name, operation, new Object[]{args.toArray(new String[0])}, SIGNATURE);
        });
        return output == null ? "" : output.toString();
    }
}
