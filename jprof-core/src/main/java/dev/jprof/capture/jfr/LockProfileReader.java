package dev.jprof.capture.jfr;

import dev.jprof.capture.Mode;
import dev.jprof.capture.ProfileFormatException;
import dev.jprof.capture.jfr.file.JfrEvent;
import dev.jprof.capture.jfr.file.JfrFile;
import dev.jprof.capture.jfr.file.JfrFormatException;
import dev.jprof.capture.jfr.file.JfrThread;
import dev.jprof.model.Attributes;
import dev.jprof.model.FrameKind;
import dev.jprof.model.Profile;
import dev.jprof.model.ProfileBuilder;
import dev.jprof.model.ThreadState;
import dev.jprof.model.Unit;
import dev.jprof.model.ValueType;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the lock waits of a JFR recording into a {@link Profile}: the time threads waited, and how
 * many waits, by waiting stack, with the class of the lock as the leaf frame ({@link FrameKind#LOCK}).
 *
 * <p>jdk.JavaMonitorEnter is a thread blocked entering a synchronized block or method (the monitor's
 * class); jdk.ThreadPark a thread parked in LockSupport.park, kept when its blocker is a lock (see
 * {@link ParkBlockers}: ReentrantLock, ReentrantReadWriteLock, Semaphore, StampedLock), left out when it
 * waited for work or a signal. The JVM writes both above a threshold; async-profiler's lock mode writes
 * the same events, sampled: it records a wait once the waits since its last record add up to its
 * interval, so each record stands for at least the interval, and is weighted so here.
 */
public final class LockProfileReader {
    public static final ValueType WAIT = new ValueType("wait", Unit.NANOSECONDS);
    public static final ValueType COUNT = new ValueType("count", Unit.SAMPLES);
    static final String MONITOR_ENTER = "jdk.JavaMonitorEnter";
    static final String THREAD_PARK = "jdk.ThreadPark";
    private static final String JVM_INFORMATION = "jdk.JVMInformation";
    private static final String ACTIVE_SETTING = "jdk.ActiveSetting";
    private static final Set<String> EVENTS = Set.of(MONITOR_ENTER, THREAD_PARK, JprofEvents.RECORDING_INFO,
            JVM_INFORMATION, ACTIVE_SETTING);

    private LockProfileReader() {
    }

    /**
     * Whether {@link JfrProfileReader}, finding no execution samples, should hand this recording here:
     * jprof recorded it in lock mode, or it has lock events and no execution samples.
     */
    public static boolean isLockRecording(Path file) {
        boolean locks = false;
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent event = recording.readEvent();
                switch (event.getEventType().getName()) {
                    case JprofEvents.RECORDING_INFO:
                        return Mode.LOCK.label().equals(JprofEvents.threadPart(event.getString(JprofEvents.FIELD_MODE)));
                    case JfrProfileReader.EXECUTION_SAMPLE:
                    case JfrProfileReader.CPU_TIME_SAMPLE:
                    case JfrProfileReader.WALL_CLOCK_SAMPLE:
                    case JprofEvents.WAIT_SAMPLE:
                        return false;
                    case MONITOR_ENTER:
                    case THREAD_PARK:
                        locks = true;
                        break;
                    default:
                        break;
                }
            }
        } catch (IOException | RuntimeException e) {
            return false; // the CPU reader reports what is wrong with the file
        }
        return locks;
    }

    public static Profile read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new NoSuchFileException(file.toString(), null, "no such file");
        Waits waits = new Waits();
        try {
            JfrFile.read(file, EVENTS, waits::accept);
        } catch (JfrFormatException e) {
            throw new ProfileFormatException(file + ": not a readable JFR recording (" + e.getMessage() + ")", e);
        } catch (IOException | RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new ProfileFormatException(file + ": not a readable JFR recording (" + why + ")", e);
        }
        if (waits.waits.isEmpty()) {
            String threshold = waits.threshold == null ? "" : " of " + Unit.NANOSECONDS.format(waits.threshold.toNanos()) + " or more";
            throw new NoLockWaitsException(file, "the recording has no lock waits" + threshold
                    + " (no jdk.JavaMonitorEnter events, and no jdk.ThreadPark events on a lock)"
                    + (waits.leftOut > 0 ? "; " + leftOut(waits) : ""));
        }
        return waits.build();
    }

    private static String leftOut(Waits waits) {
        return String.format(Locale.ROOT, "%,d %s (%s) that waited for work or a signal, not for a lock"
                + " (Condition.await, queues, thread pools, futures, latches), left out", waits.leftOut,
                waits.leftOut == 1 ? "park" : "parks", Unit.NANOSECONDS.format(waits.leftOutNanos));
    }

    /** One lock wait, its stack interned. */
    private record Wait(int stack, String lockClass, long threadId, String threadName, ThreadState state, long timeNanos, long nanos) {
    }

    /** The waits of a recording, as they are read. */
    private static final class Waits {
        final StackInterner stacks = new StackInterner();
        final List<Wait> waits = new ArrayList<>();
        final Map<String, String> info = new HashMap<>();
        /** async-profiler's lock interval in nanoseconds: each record stands for at least this much waiting. */
        long sampledInterval;
        Duration threshold;
        boolean asyncProfiler;
        long leftOut;
        long leftOutNanos;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;

        void accept(JfrEvent event) {
            switch (event.type().name()) {
                case MONITOR_ENTER:
                    add(event, event.getClassName("monitorClass"), ThreadState.BLOCKED);
                    break;
                case THREAD_PARK:
                    String blocker = event.getClassName("parkedClass");
                    if (ParkBlockers.isLock(blocker)) {
                        boolean timed = event.hasField("timeout") && event.getLong("timeout") > 0;
                        add(event, blocker, timed ? ThreadState.TIMED_WAITING : ThreadState.WAITING);
                    } else if (!JfrProfileReader.isJprofThread(JfrProfileReader.threadName(event.getThread("eventThread")))) {
                        leftOut++;
                        leftOutNanos += event.endNanos() - event.startNanos();
                    }
                    break;
                case JprofEvents.RECORDING_INFO:
                    String modes = event.getString(JprofEvents.FIELD_MODE);
                    info.put(Attributes.ENGINE, JprofEvents.enginePart(modes, event.getString(JprofEvents.FIELD_ENGINE), Mode.LOCK.label()));
                    break;
                case JVM_INFORMATION:
                    info.put(Attributes.JVM_VERSION, event.getString("jvmVersion"));
                    info.put(Attributes.TARGET, event.getString("javaArguments"));
                    break;
                case ACTIVE_SETTING:
                    setting(event);
                    break;
                default:
                    break;
            }
        }

        private void setting(JfrEvent event) {
            String name = event.getString("name");
            String value = event.getString("value");
            String label = event.type().label();
            if (label != null && label.startsWith("Async-profiler")) {
                asyncProfiler = true;
                if ("lock".equals(name) && value != null && value.matches("\\d+")) sampledInterval = Long.parseLong(value);
            } else if ("threshold".equals(name) && event.getLong("id") == event.typeId(MONITOR_ENTER)) {
                threshold = PeriodText.parse(value);
            }
        }

        private void add(JfrEvent event, String lockClass, ThreadState state) {
            JfrThread thread = event.getThread("eventThread");
            String name = JfrProfileReader.threadName(thread);
            if (JfrProfileReader.isJprofThread(name)) return;
            long start = event.startNanos();
            long end = event.endNanos();
            first = Math.min(first, start);
            last = Math.max(last, end);
            waits.add(new Wait(stacks.intern(event), lockClass == null ? "[unknown lock]" : lockClass,
                    JfrProfileReader.threadId(thread), name, state, start, Math.max(end - start, 0)));
        }

        Profile build() {
            ProfileBuilder builder = new ProfileBuilder(WAIT, COUNT);
            stacks.copyInto(builder);
            Map<String, Integer> locks = new HashMap<>();
            Map<Long, Integer> withLock = new HashMap<>();
            Map<Long, Integer> names = new HashMap<>();
            builder.reserveSamples(waits.size());
            for (Wait w : waits) {
                int stack = w.stack() < 0 ? builder.stack(Profile.ROOT, StackText.unknownFrame(builder)) : stacks.builderStack(w.stack());
                int lock = locks.computeIfAbsent(w.lockClass(), c -> builder.frame("", c, "", 0, FrameKind.LOCK));
                int leaf = withLock.computeIfAbsent(((long) stack << 32) | lock, k -> builder.stack(stack, lock));
                int thread = names.computeIfAbsent(w.threadId(), id -> builder.thread(w.threadName(), id));
                long weight = Math.max(w.nanos(), sampledInterval);
                builder.sample(leaf, thread, w.state(), w.timeNanos(), weight, 1);
            }
            builder.attributes(info);
            builder.attribute(Attributes.MODE, Mode.LOCK.label());
            if (!info.containsKey(Attributes.ENGINE)) {
                builder.attribute(Attributes.ENGINE, asyncProfiler ? "async-profiler lock" : "jfr-lock");
            }
            if (threshold != null) builder.attribute(Attributes.LOCK_THRESHOLD_NANOS, Long.toString(threshold.toNanos()));
            if (sampledInterval > 0) builder.attribute(Attributes.LOCK_INTERVAL_NANOS, Long.toString(sampledInterval));
            builder.attribute(Attributes.START_MILLIS, Long.toString(first / 1_000_000));
            builder.attribute(Attributes.DURATION_NANOS, Long.toString(last - first));
            if (leftOut > 0) builder.warning(leftOut(this));
            return builder.build();
        }
    }
}
