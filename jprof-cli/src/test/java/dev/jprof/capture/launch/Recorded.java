package dev.jprof.capture.launch;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** A recording read back with JFR's own reader, and the questions the launch tests ask of it. */
final class Recorded {
    final Path file;
    final List<RecordedEvent> events;

    private Recorded(Path file, List<RecordedEvent> events) {
        this.file = file;
        this.events = events;
    }

    static Recorded read(Path file) throws IOException {
        return new Recorded(file, RecordingFile.readAllEvents(file));
    }

    List<RecordedEvent> named(String name) {
        return events.stream().filter(e -> e.getEventType().getName().equals(name)).collect(Collectors.toList());
    }

    RecordedEvent recordingInfo() {
        List<RecordedEvent> info = named("jprof.RecordingInfo");
        if (info.size() != 1) throw new AssertionError("expected one jprof.RecordingInfo in " + file + ", found " + info.size());
        return info.get(0);
    }

    /** JFR's samples of running threads: jdk.ExecutionSample, or JDK 25's jdk.CPUTimeSample. */
    List<RecordedEvent> samples() {
        return events.stream().filter(e -> e.getEventType().getName().equals("jdk.ExecutionSample")
                || e.getEventType().getName().equals("jdk.CPUTimeSample")).collect(Collectors.toList());
    }

    /** Samples per top frame "Class.method" (simple class name). */
    Map<String, Long> samplesByTopFrame() {
        return samples().stream().map(Recorded::topFrame).filter(f -> f != null)
                .collect(Collectors.groupingBy(f -> f, Collectors.counting()));
    }

    static String topFrame(RecordedEvent sample) {
        RecordedStackTrace stack = sample.getStackTrace();
        if (stack == null || stack.getFrames().isEmpty()) return null;
        RecordedFrame frame = stack.getFrames().get(0);
        String type = frame.getMethod().getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethod().getName();
    }

    /** The sampled thread's name of a jprof event, also when JFR lost the thread (JDK 17, thread ended). */
    static String thread(RecordedEvent event) {
        RecordedThread t = event.getThread("sampledThread");
        if (t != null && t.getJavaName() != null) return t.getJavaName();
        return event.getString("threadName");
    }

    /** Sum of jprof.WaitSample counts of a thread in a state whose stack holds the method. */
    long waitCount(String thread, String state, String method) {
        return waits(e -> thread(e) != null && thread(e).equals(thread) && e.getString("state").equals(state)
                && e.getString("stack").contains("\t" + method + "\t"));
    }

    long waits(Predicate<RecordedEvent> which) {
        return named("jprof.WaitSample").stream().filter(which).mapToLong(e -> e.getInt("count")).sum();
    }

    long runnableTicks(String thread) {
        return named("jprof.ThreadActivity").stream().filter(e -> thread.equals(thread(e)))
                .mapToLong(e -> e.getLong("runnableTicks")).sum();
    }

    long cpuNanos(Predicate<String> thread) {
        return named("jprof.ThreadActivity").stream().filter(e -> thread(e) != null && thread.test(thread(e)))
                .mapToLong(e -> Math.max(0, e.getLong("cpuNanos"))).sum();
    }

    @Override
    public String toString() {
        return file + ": " + events.stream().collect(Collectors.groupingBy(e -> e.getEventType().getName(), Collectors.counting()));
    }
}
