package dev.jprof.capture.jfr;

import dev.jprof.capture.Mode;
import dev.jprof.capture.ProfileFormatException;
import dev.jprof.heap.TypeNames;
import dev.jprof.model.Attributes;
import dev.jprof.model.FrameKind;
import dev.jprof.model.Profile;
import dev.jprof.model.ProfileBuilder;
import dev.jprof.model.ThreadState;
import dev.jprof.model.Unit;
import dev.jprof.model.ValueType;
import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the allocation samples of a JFR recording into a {@link Profile}: bytes and sample counts by
 * allocating stack, with the allocated type as the leaf frame ({@link FrameKind#ALLOCATION}).
 *
 * <p>JDK 16+ writes jdk.ObjectAllocationSample, throttled, each weighted by the bytes its thread
 * allocated since its previous sample, so the weights add up to an estimate of all bytes allocated.
 * Older JDKs write jdk.ObjectAllocationInNewTLAB (weighted by the new TLAB's size, which the thread
 * filled since its previous TLAB) and jdk.ObjectAllocationOutsideTLAB (weighted by the object's size),
 * the weighting async-profiler uses. When a recording has both kinds, the throttled samples win.
 */
public final class AllocationProfileReader {
    public static final ValueType BYTES = new ValueType("bytes", Unit.BYTES);
    public static final ValueType COUNT = new ValueType("count", Unit.SAMPLES);
    static final String ALLOCATION_SAMPLE = "jdk.ObjectAllocationSample";
    static final String IN_NEW_TLAB = "jdk.ObjectAllocationInNewTLAB";
    static final String OUTSIDE_TLAB = "jdk.ObjectAllocationOutsideTLAB";

    private AllocationProfileReader() {
    }

    /**
     * Whether {@link JfrProfileReader}, finding no execution samples, should hand this recording here:
     * jprof recorded it in alloc mode, or it has allocation events and no execution samples.
     */
    public static boolean isAllocationRecording(Path file) {
        boolean allocations = false;
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent event = recording.readEvent();
                switch (event.getEventType().getName()) {
                    case JprofEvents.RECORDING_INFO:
                        return Mode.ALLOC.label().equals(JprofEvents.threadPart(event.getString(JprofEvents.FIELD_MODE)));
                    case JfrProfileReader.EXECUTION_SAMPLE:
                    case JfrProfileReader.CPU_TIME_SAMPLE:
                    case JprofEvents.WAIT_SAMPLE:
                        return false;
                    case ALLOCATION_SAMPLE:
                    case IN_NEW_TLAB:
                    case OUTSIDE_TLAB:
                        allocations = true;
                        break;
                    default:
                        break;
                }
            }
        } catch (IOException | RuntimeException e) {
            return false; // the CPU reader reports what is wrong with the file
        }
        return allocations;
    }

    public static Profile read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new NoSuchFileException(file.toString(), null, "no such file");
        Events sampled = new Events();
        Events tlab = new Events();
        Map<String, String> info = new HashMap<>();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent event = recording.readEvent();
                String type = event.getEventType().getName();
                switch (type) {
                    case ALLOCATION_SAMPLE:
                        sampled.add(event, event.getLong("weight"));
                        break;
                    case IN_NEW_TLAB:
                        tlab.add(event, event.getLong("tlabSize"));
                        break;
                    case OUTSIDE_TLAB:
                        tlab.add(event, event.getLong("allocationSize"));
                        break;
                    case JprofEvents.RECORDING_INFO:
                        info.put(Attributes.INTERVAL_NANOS, Long.toString(event.getLong(JprofEvents.FIELD_INTERVAL)));
                        info.put(Attributes.ENGINE, JprofEvents.enginePart(event.getString(JprofEvents.FIELD_MODE),
                                event.getString(JprofEvents.FIELD_ENGINE), Mode.ALLOC.label()));
                        break;
                    case "jdk.ActiveSetting":
                        if (event.getEventType().getLabel() != null && event.getEventType().getLabel().startsWith("Async-profiler")
                                && "alloc".equals(event.getString("name"))) {
                            info.putIfAbsent(Attributes.ENGINE, "async-profiler alloc");
                        }
                        continue;
                    case "jdk.JVMInformation":
                        info.put(Attributes.JVM_VERSION, event.getString("jvmVersion"));
                        info.put(Attributes.TARGET, event.getString("javaArguments"));
                        break;
                    default:
                        continue;
                }
                long time = epochNanos(event.getStartTime());
                first = Math.min(first, time);
                last = Math.max(last, time);
            }
        } catch (IOException | RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new ProfileFormatException(file + ": not a readable JFR recording (" + why + ")", e);
        }
        Events chosen = sampled.samples.isEmpty() ? tlab : sampled;
        if (chosen.samples.isEmpty()) {
            throw new ProfileFormatException(file + ": the recording has no allocation samples"
                    + " (no jdk.ObjectAllocationSample, jdk.ObjectAllocationInNewTLAB or jdk.ObjectAllocationOutsideTLAB events)");
        }
        ProfileBuilder builder = chosen.builder;
        builder.attributes(info);
        builder.attribute(Attributes.MODE, Mode.ALLOC.label());
        if (!info.containsKey(Attributes.ENGINE)) {
            builder.attribute(Attributes.ENGINE, chosen == sampled ? "jfr-allocation-sample" : "jfr-tlab");
        }
        if (first <= last) {
            builder.attribute(Attributes.START_MILLIS, Long.toString(first / 1_000_000));
            builder.attribute(Attributes.DURATION_NANOS, Long.toString(last - first));
        }
        for (Sample s : chosen.samples) {
            builder.sample(s.stack, s.thread, ThreadState.RUNNABLE, s.timeNanos, s.bytes, 1);
        }
        return builder.build();
    }

    private static long epochNanos(java.time.Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    private static long threadId(RecordedThread thread) {
        if (thread == null) return -1;
        long id = thread.getJavaThreadId();
        return id > 0 ? id : -thread.getOSThreadId() - 2;
    }

    private static String threadName(RecordedThread thread) {
        if (thread == null) return "";
        String name = thread.getJavaName();
        return name != null ? name : thread.getOSName() == null ? "" : thread.getOSName();
    }

    private record Sample(int stack, int thread, long timeNanos, long bytes) {
    }

    /** One kind of allocation event, its stacks interned as they are read. */
    private static final class Events {
        final ProfileBuilder builder = new ProfileBuilder(BYTES, COUNT);
        final List<Sample> samples = new ArrayList<>();
        /** The parser hands out one stack trace object per chunk and stack; so identity is the fast path. */
        private final Map<RecordedStackTrace, Integer> stacks = new IdentityHashMap<>();
        private final Map<Long, Integer> leaves = new HashMap<>();

        void add(RecordedEvent event, long bytes) {
            RecordedThread thread = event.getThread("eventThread");
            String threadName = threadName(thread);
            if (JfrProfileReader.isJprofThread(threadName)) return;
            RecordedStackTrace trace = event.getStackTrace();
            int stack = trace == null ? builder.stack(Profile.ROOT, StackText.unknownFrame(builder)) : stack(trace);
            RecordedClass type = event.getClass("objectClass");
            int leaf = builder.frame("", type == null ? "[unknown type]" : TypeNames.javaName(type.getName()), "", 0, FrameKind.ALLOCATION);
            long key = ((long) stack << 32) | leaf;
            Integer withLeaf = leaves.get(key);
            if (withLeaf == null) {
                withLeaf = builder.stack(stack, leaf);
                leaves.put(key, withLeaf);
            }
            samples.add(new Sample(withLeaf, builder.thread(threadName, threadId(thread)),
                    epochNanos(event.getStartTime()), Math.max(bytes, 0)));
        }

        private int stack(RecordedStackTrace trace) {
            Integer known = stacks.get(trace);
            if (known != null) return known;
            List<RecordedFrame> frames = trace.getFrames();
            int stack = Profile.ROOT;
            if (trace.isTruncated()) stack = builder.stack(stack, builder.frame("", "[truncated]", "", 0, FrameKind.SYNTHETIC));
            for (int i = frames.size() - 1; i >= 0; i--) {
                RecordedFrame frame = frames.get(i);
                RecordedMethod method = frame.getMethod();
                String cls = method == null || method.getType() == null ? "" : HiddenClassNames.normalize(method.getType().getName());
                String name = method == null ? "[unknown]" : method.getName();
                stack = builder.stack(stack, builder.frame(cls, name, "", Math.max(frame.getLineNumber(), 0), kind(frame)));
            }
            if (stack == Profile.ROOT) stack = builder.stack(Profile.ROOT, StackText.unknownFrame(builder));
            stacks.put(trace, stack);
            return stack;
        }

        private static FrameKind kind(RecordedFrame frame) {
            return JfrFrameTypes.kind(frame.getType(), false);
        }
    }
}
