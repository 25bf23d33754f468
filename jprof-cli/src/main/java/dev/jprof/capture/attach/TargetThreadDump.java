package dev.jprof.capture.attach;

import dev.jprof.capture.attach.AttachException.Reason;

import javax.management.ObjectName;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The JVM's own thread dump in JSON (JDK 21+: diagnostic command Thread.dump_to_file -format=json,
 * run through the DiagnosticCommand MBean), the one that lists virtual threads. The JVM writes it
 * into a private folder of jprof's, which is removed right after reading.
 */
public final class TargetThreadDump {
    private static final String[] SIGNATURE = {String[].class.getName()};

    private TargetThreadDump() {
    }

    /** How the dump is read: from a stream, since with many virtual threads it is tens of megabytes. */
    @FunctionalInterface
    public interface Reading<T> {
        T read(Reader json) throws IOException;
    }

    public static <T> T read(JvmConnection jvm, Reading<T> reading) throws AttachException {
        try (TargetFiles files = TargetFiles.create(jvm.pid())) {
            Path out = files.file("threads.json");
            ObjectName name = new ObjectName(DiagnosticCommandRecording.OBJECT_NAME);
            String[] args = {"-format=json", out.toString()};
            jvm.call("write its thread dump", () -> jvm.mbeans().invoke(name, "threadDumpToFile", new Object[]{args}, SIGNATURE));
            if (!Files.isRegularFile(out)) {
                throw new AttachException(Reason.FAILED, "JVM " + jvm.pid() + " wrote no thread dump to " + out);
            }
            try (Reader json = Files.newBufferedReader(out, StandardCharsets.UTF_8)) {
                return reading.read(json);
            }
        } catch (IOException | javax.management.MalformedObjectNameException e) {
            throw new AttachException(Reason.FAILED, "could not read the thread dump of JVM " + jvm.pid() + ": "
                    + JvmConnection.firstLine(e), e);
        }
    }
}
