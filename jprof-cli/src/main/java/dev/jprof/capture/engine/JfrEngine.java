package dev.jprof.capture.engine;

import dev.jprof.capture.SamplingSettings;
import dev.jprof.capture.attach.AttachRecorder;
import dev.jprof.capture.attach.AttachRecording;
import dev.jprof.capture.launch.LaunchRecorder;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The pure-JDK engine: the JVM's own Flight Recorder (execution and native-method samples, JDK 25's
 * CPU-time sampler where the JVM has it, allocation samples) plus jprof's agent for what JFR does not
 * see (waiting threads, each thread's CPU time). Loads no native code into the target; runs wherever
 * JFR does.
 */
public final class JfrEngine implements Engine {
    public static final String NAME = "jfr";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String unavailable(SamplingSettings settings) {
        return null;
    }

    @Override
    public List<String> launchOptions(SamplingSettings settings, Path workDir) throws IOException {
        List<String> options = new ArrayList<>();
        options.add("-javaagent:" + LaunchRecorder.agentJar() + "=" + agentOptions(settings, workDir));
        options.addAll(LaunchRecorder.jvmFlags(workDir.resolve(LaunchRecorder.REPOSITORY)));
        return options;
    }

    /** The agent's options; the file comes last, so that a path may hold ','. */
    static String agentOptions(SamplingSettings settings, Path workDir) {
        return "mode=" + settings.agentMode()
                + ",interval=" + settings.interval().toNanos()
                + (settings.lockThreshold() == null ? "" : ",lockThreshold=" + settings.lockThreshold().toNanos() + "ns")
                + ",file=" + workDir.resolve("%p.jfr");
    }

    @Override
    public AttachRecording attach(SamplingSettings settings) throws IOException {
        return new AttachRecorder(settings);
    }
}
