package dev.jprof.top;

import dev.jprof.capture.attach.AttachException;
import dev.jprof.capture.attach.JvmConnection;
import dev.jprof.capture.attach.StreamingRecording;

import java.io.IOException;
import java.time.Duration;

/** Samples from jprof's JFR recording in the JVM, streamed from its repository. */
final class JfrSource implements SampleSource {
    private final StreamingRecording recording;
    private final Duration interval;
    private volatile SampleStream stream;

    private JfrSource(StreamingRecording recording, Duration interval) {
        this.recording = recording;
        this.interval = interval;
    }

    static JfrSource start(JvmConnection jvm, Duration interval, SampleCounts counts) throws AttachException {
        JfrSource source = new JfrSource(StreamingRecording.start(jvm, interval), interval);
        try {
            source.stream = SampleStream.start(source.recording.repository(), interval, counts);
        } catch (IOException | RuntimeException e) {
            source.close();
            throw new AttachException(AttachException.Reason.UNSUPPORTED, "cannot read the JFR repository of JVM "
                    + jvm.pid() + ": " + JvmConnection.firstLine(e), e);
        }
        return source;
    }

    @Override
    public String engine() {
        return recording.engine() + ", every " + interval.toMillis() + " ms";
    }

    @Override
    public void close() {
        SampleStream s = stream;
        if (s != null) s.close();
        recording.close();
    }
}
