package dev.jprof.capture.attach;

import dev.jprof.capture.attach.AttachException.Reason;

import javax.management.ObjectName;
import java.io.IOException;
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

    public static String json(JvmConnection jvm) throws AttachException {
        try (TargetFiles files = TargetFiles.create(jvm.pid())) {
            Path out = files.file("threads.json");
            ObjectName name = new ObjectName(DiagnosticCommandRecording.OBJECT_NAME);
            String[] args = {"-format=json", out.toString()};
            jvm.call("write its thread dump", () -> jvm.mbeans().invoke(name, "threadDumpToFile", new Object[]{args}, SIGNATURE));
            if (!Files.isRegularFile(out)) {
                throw new AttachException(Reason.FAILED, "JVM " + jvm.pid() + " wrote no thread dump to " + out);
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } catch (IOException | javax.management.MalformedObjectNameException e) {
            throw new AttachException(Reason.FAILED, "could not read the thread dump of JVM " + jvm.pid() + ": "
                    + JvmConnection.firstLine(e), e);
        }
    }
}
