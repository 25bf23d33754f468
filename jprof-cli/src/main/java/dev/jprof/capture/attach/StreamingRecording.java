package dev.jprof.capture.attach;

import dev.jprof.capture.Mode;
import dev.jprof.capture.SamplingSettings;
import dev.jprof.capture.attach.AttachException.Reason;

import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * jprof's JFR recording in a running JVM, read live: the JVM writes it to its disk repository
 * (a folder of chunk files, flushed about once a second), which jprof, running as the same user,
 * reads with {@code jdk.jfr.consumer.EventStream.openRepository}. Sampling is JFR's (no safepoint
 * bias; JDK 25's CPU-time sampler where the JVM has it). {@link #close} stops and removes the
 * recording, leaving the JVM's own recordings alone; call it on every way out.
 */
public final class StreamingRecording implements AutoCloseable {
    private final TargetRecording recording;
    private final TargetFiles files;
    private final boolean cpuTimeSampler;
    private final Path repository;
    private final TargetWatch watch;
    private final AtomicBoolean closed = new AtomicBoolean();

    private StreamingRecording(TargetRecording recording, TargetFiles files, TargetWatch watch, boolean cpuTimeSampler,
                               Path repository) {
        this.recording = recording;
        this.watch = watch;
        this.files = files;
        this.cpuTimeSampler = cpuTimeSampler;
        this.repository = repository;
    }

    /** Starts sampling every {@code interval} in the JVM and finds its repository. */
    public static StreamingRecording start(JvmConnection jvm, Duration interval) throws AttachException {
        long pid = jvm.pid();
        TargetFiles files;
        try {
            files = TargetFiles.create(pid);
        } catch (IOException e) {
            throw new AttachException(Reason.FAILED, "could not create a temporary folder: " + JvmConnection.firstLine(e), e);
        }
        AttachRecorder.Started started = null;
        TargetWatch watch = null;
        try {
            AttachRecorder recorder = new AttachRecorder(new SamplingSettings(Mode.CPU, interval));
            String name = "jprof-top-" + pid + "-" + ProcessHandle.current().pid();
            started = recorder.startRecording(jvm, files, name, null);
            watch = AttachRecorder.watch(jvm, name, false, files, new java.util.ArrayList<>()); // top has no line for warnings
            Path repository = repository(jvm);
            return new StreamingRecording(started.recording(), files, watch, started.cpuTime(), repository);
        } catch (AttachException | RuntimeException e) {
            if (started != null) started.recording().abort();
            if (watch != null) watch.close();
            files.close();
            throw e;
        }
    }

    private static Path repository(JvmConnection jvm) throws AttachException {
        long pid = jvm.pid();
        String path = jvm.call("report its JFR repository", () -> {
            TabularData properties = (TabularData) jvm.mbeans().getAttribute(new ObjectName("java.lang:type=Runtime"),
                    "SystemProperties");
            CompositeData row = properties.get(new Object[]{"jdk.jfr.repository"});
            return row == null ? null : String.valueOf(row.get("value"));
        });
        if (path == null || path.isEmpty()) {
            throw new AttachException(Reason.UNSUPPORTED, "JVM " + pid + " does not say where its JFR repository is");
        }
        Path repository = Path.of(path);
        // the JVM's /tmp may be another mount namespace's (containers): look through /proc/PID/root then
        if (!Files.isDirectory(repository)) repository = Path.of("/proc", Long.toString(pid), "root").resolve(path.substring(1));
        if (!Files.isReadable(repository)) {
            throw new AttachException(Reason.UNSUPPORTED, "cannot read the JFR repository of JVM " + pid + " (" + path + ")");
        }
        return repository;
    }

    /** The folder the JVM writes its recordings' chunks to. */
    public Path repository() {
        return repository;
    }

    /** Whether samples are JDK 25's jdk.CPUTimeSample (else jdk.ExecutionSample). */
    public boolean cpuTimeSampler() {
        return cpuTimeSampler;
    }

    /** The engine, for the header: "jfr-execution-sample via FlightRecorderMXBean". */
    public String engine() {
        return (cpuTimeSampler ? "jfr-cpu-time" : "jfr-execution-sample") + " via " + recording.via();
    }

    /** Stops and removes the recording in the JVM (nothing is written), ignoring a JVM that is gone. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        recording.abort();
        if (watch != null) watch.close();
        files.close();
    }
}
