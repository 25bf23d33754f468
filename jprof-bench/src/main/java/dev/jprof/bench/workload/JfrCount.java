package dev.jprof.bench.workload;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.nio.file.Path;

/**
 * The floor for any reader built on the JDK's own {@code jdk.jfr.consumer} API: reads every event of a
 * recording and, for each execution sample, touches every frame's method and class name.
 *
 * <pre>java -cp jprof-bench/target/classes dev.jprof.bench.workload.JfrCount FILE.jfr</pre>
 */
public final class JfrCount {
    private JfrCount() {
    }

    public static void main(String[] args) throws Exception {
        long samples = 0;
        long frames = 0;
        long chars = 0;
        try (RecordingFile file = new RecordingFile(Path.of(args[0]))) {
            while (file.hasMoreEvents()) {
                RecordedEvent e = file.readEvent();
                if (!e.getEventType().getName().equals("jdk.ExecutionSample")) continue;
                samples++;
                RecordedStackTrace stack = e.getStackTrace();
                if (stack == null) continue;
                for (RecordedFrame f : stack.getFrames()) {
                    frames++;
                    chars += f.getMethod().getName().length() + f.getMethod().getType().getName().length();
                }
            }
        }
        System.out.println(samples + " execution samples, " + frames + " frames, " + chars + " name chars");
    }
}
