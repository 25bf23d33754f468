package dev.jprof.capture.attach;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Records a running JVM by pid into a JFR file, for a duration or until asked to stop. */
public interface AttachRecording {
    AttachResult record(long pid, Duration duration, Path out, BooleanSupplier stop) throws AttachException, IOException;
}
