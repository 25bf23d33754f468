package dev.jprof.bench.accuracy;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One stack as a profiler reported it: the thread (null when unknown), the frames from the root to the
 * leaf as the profiler named them, and the weight (samples, or a time estimate).
 */
public record StackSample(String thread, List<String> frames, double weight) {
    private static final Pattern THREAD_FRAME = Pattern.compile("^\\[(.*?) ?(?:tid=\\d+)?]$");
    private static final Pattern ANNOTATION = Pattern.compile("_\\[[a-z0-9]]$");

    /**
     * Parses collapsed stacks ({@code frame;frame;frame count}, root first). When {@code threadRoots}, the
     * first frame is the thread, as jprof's {@code --threads} ({@code [name]}) and async-profiler's
     * {@code threads} option ({@code [name tid=N]}) write it.
     */
    public static List<StackSample> parseCollapsed(String text, boolean threadRoots) {
        List<StackSample> samples = new ArrayList<>();
        int lineNo = 0;
        for (String line : text.split("\n")) {
            lineNo++;
            line = line.strip();
            if (line.isEmpty()) continue;
            int space = line.lastIndexOf(' ');
            if (space <= 0) throw new IllegalArgumentException("line " + lineNo + " has no count: " + line);
            double weight;
            try {
                weight = Double.parseDouble(line.substring(space + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("line " + lineNo + " has no count: " + line);
            }
            List<String> frames = new ArrayList<>(Arrays.asList(line.substring(0, space).split(";")));
            String thread = null;
            if (threadRoots && !frames.isEmpty()) {
                Matcher m = THREAD_FRAME.matcher(frames.get(0));
                if (m.matches()) {
                    thread = m.group(1);
                    frames.remove(0);
                }
            }
            samples.add(new StackSample(thread, List.copyOf(frames), weight));
        }
        return samples;
    }

    /**
     * The execution samples of a JFR recording, read with the JDK's own {@code jdk.jfr.consumer} API (independent
     * of jprof's reader), one sample each.
     */
    public static List<StackSample> readJfr(Path recording) throws IOException {
        List<StackSample> samples = new ArrayList<>();
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent e = file.readEvent();
                if (!e.getEventType().getName().equals("jdk.ExecutionSample")) continue;
                RecordedThread t = e.getThread("sampledThread");
                String thread = t == null ? null : t.getJavaName() != null ? t.getJavaName() : t.getOSName();
                RecordedStackTrace stack = e.getStackTrace();
                List<String> frames = new ArrayList<>();
                if (stack != null) {
                    for (RecordedFrame f : stack.getFrames()) {
                        frames.add(f.getMethod().getType().getName() + "." + f.getMethod().getName());
                    }
                }
                java.util.Collections.reverse(frames);
                samples.add(new StackSample(thread, List.copyOf(frames), 1));
            }
        }
        return samples;
    }

    /**
     * A frame's method name without class or package: {@code dev/jprof/testapps/CpuSplit.alpha_[j]} and
     * {@code dev.jprof.testapps.CpuSplit.alpha} are both {@code alpha}.
     */
    public static String methodName(String frame) {
        String f = qualifiedName(frame);
        return f.substring(f.lastIndexOf('.') + 1);
    }

    /**
     * A frame as {@code package.Class.method}: async-profiler's {@code dev/jprof/testapps/CpuSplit.alpha_[j]} and
     * {@code dev.jprof.testapps.CpuSplit.alpha(int)} are both {@code dev.jprof.testapps.CpuSplit.alpha}.
     */
    public static String qualifiedName(String frame) {
        String f = ANNOTATION.matcher(frame).replaceFirst("");
        int paren = f.indexOf('(');
        if (paren > 0) f = f.substring(0, paren);
        return f.replace('/', '.');
    }
}
