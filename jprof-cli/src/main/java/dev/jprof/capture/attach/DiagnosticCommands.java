package dev.jprof.capture.attach;

import dev.jprof.capture.attach.AttachException.Reason;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import java.util.List;

/**
 * The JVM's diagnostic commands (what jcmd runs) over JMX, through the DiagnosticCommand MBean:
 * GC.class_histogram, GC.heap_dump. Both stop the JVM at a safepoint while they walk the heap.
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
     * GC.heap_dump into a file the JVM writes.
     *
     * @param live true: only live objects (after a full GC)
     */
    public String heapDump(String file, boolean live) throws AttachException {
        return run("gcHeapDump", "dump its heap", live ? List.of(file) : List.of("-all", file));
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
