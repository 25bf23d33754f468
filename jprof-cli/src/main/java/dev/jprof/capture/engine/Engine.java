package dev.jprof.capture.engine;

import dev.jprof.capture.SamplingSettings;
import dev.jprof.capture.attach.AttachRecording;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A sampler jprof can run in a JVM, launched under it or attached to by pid. Every engine hands over
 * a JFR recording, which core's readers turn into the same Profile, so nothing above capture knows
 * which engine ran; the profile's engine attribute names it.
 */
public interface Engine {
    /** The name {@code --engine} takes: async or jfr. */
    String name();

    /** Null when the engine can sample these modes on this machine, else why not, in one line. */
    String unavailable(SamplingSettings settings);

    /**
     * The JVM options that make a launched JVM record with these settings into {@code <workDir>/<pid>.jfr},
     * written when the JVM exits.
     */
    List<String> launchOptions(SamplingSettings settings, Path workDir) throws IOException;

    /** What records a running JVM with these settings, leaving nothing of the engine running in it afterwards. */
    AttachRecording attach(SamplingSettings settings) throws IOException;
}
