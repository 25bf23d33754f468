package dev.jprof.capture.jfr;

import dev.jprof.capture.Mode;
import dev.jprof.capture.ProfileFormatException;
import dev.jprof.model.Attributes;
import dev.jprof.model.Profile;
import dev.jprof.model.ProfileBuilder;
import dev.jprof.model.ThreadState;
import dev.jprof.model.ValueType;
import dev.jprof.capture.jfr.file.JfrEvent;
import dev.jprof.capture.jfr.file.JfrFile;
import dev.jprof.capture.jfr.file.JfrFormatException;
import dev.jprof.capture.jfr.file.JfrThread;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a JFR recording into a {@link Profile}: the JVM's execution samples (or JDK 25's CPU-time
 * samples) for running threads, and jprof's own wait samples for threads that were not running.
 *
 * <p>Samples of running threads are weighted with the activity the agent measured per thread and
 * window ({@link ThreadActivity}): CPU time in cpu mode, runnable wall-sampler ticks in wall mode.
 * So when JFR samples only some threads per period (before JDK 25 it takes at most five), each
 * thread still gets its true share. In jprof's cpu recordings before JDK 25, JFR's native-method samples
 * (threads in JNI code) join them, and each sample gets only the CPU time it can stand for
 * ({@link SamplerRounds}, {@link CpuShares}): a thread blocked in a native read gets none.
 */
public final class JfrProfileReader {
    static final String EXECUTION_SAMPLE = "jdk.ExecutionSample";
    static final String CPU_TIME_SAMPLE = "jdk.CPUTimeSample";
    static final String NATIVE_METHOD_SAMPLE = "jdk.NativeMethodSample";
    /** async-profiler's wall-clock samples: every thread, on a CPU or not, {@code samples} ticks each. */
    static final String WALL_CLOCK_SAMPLE = "profiler.WallClockSample";
    private static final Duration JFR_DEFAULT_PERIOD = Duration.ofMillis(20);
    private static final String NOT_SAMPLED = "[running, no stack sampled]";
    private static final String ENGINE_EXECUTION_SAMPLE = "jfr-execution-sample";
    private static final String JVM_INFORMATION = "jdk.JVMInformation";
    private static final String ACTIVE_SETTING = "jdk.ActiveSetting";
    private static final Set<String> EVENTS = Set.of(EXECUTION_SAMPLE, CPU_TIME_SAMPLE, NATIVE_METHOD_SAMPLE, WALL_CLOCK_SAMPLE,
            JprofEvents.WAIT_SAMPLE, JprofEvents.THREAD_ACTIVITY, JprofEvents.THREAD_SCHEDULE, JprofEvents.RECORDING_INFO,
            JVM_INFORMATION, ACTIVE_SETTING);

    private JfrProfileReader() {
    }

    public static Profile read(Path file) throws IOException {
        return read(file, List.of());
    }

    /**
     * @param extraActivity activity measured outside the recording (for example over JMX when attached),
     *                      used like the agent's jprof.ThreadActivity events
     */
    public static Profile read(Path file, List<ThreadActivity> extraActivity) throws IOException {
        return read(file, extraActivity, 0);
    }

    /**
     * Like {@link #read(Path, List)}, but a recording without thread samples is an error here, even when
     * it has allocations or lock waits: for a run that sampled threads beside them.
     */
    public static Profile readSamples(Path file, List<ThreadActivity> extraActivity) throws IOException {
        return read(file, extraActivity, 0, false);
    }

    /** @param readers how many threads read the chunks, 0 for one per core when the recording is large */
    static Profile read(Path file, List<ThreadActivity> extraActivity, int readers) throws IOException {
        return read(file, extraActivity, readers, true);
    }

    /** @param otherProfiles read a recording without thread samples as an allocation or lock profile when it is one */
    private static Profile read(Path file, List<ThreadActivity> extraActivity, int readers, boolean otherProfiles) throws IOException {
        if (!Files.isRegularFile(file)) throw new NoSuchFileException(file.toString(), null, "no such file");
        JfrEvents events;
        try {
            events = readEvents(file, readers);
        } catch (ProfileFormatException e) {
            throw e;
        } catch (JfrFormatException e) {
            throw new ProfileFormatException(file + ": not a readable JFR recording (" + e.getMessage() + ")", e);
        } catch (IOException | RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new ProfileFormatException(file + ": not a readable JFR recording (" + why + ")", e);
        }
        events.activity.addAll(extraActivity);
        if (events.running.isEmpty() && events.waits.isEmpty() && events.wallClock.isEmpty()) {
            if (otherProfiles && AllocationProfileReader.isAllocationRecording(file)) return AllocationProfileReader.read(file);
            if (otherProfiles && LockProfileReader.isLockRecording(file)) return LockProfileReader.read(file);
            throw new ProfileFormatException(file + ": the recording has no samples"
                    + " (no jdk.ExecutionSample, jdk.CPUTimeSample, profiler.WallClockSample or jprof.WaitSample events,"
                    + " and no allocation or lock events)");
        }
        return new Assembly(events).build();
    }

    /**
     * Reads the events, a large recording's chunks split among a few threads (its chunks are
     * self-contained), each into its own {@link JfrEvents}, then joined in file order.
     */
    private static JfrEvents readEvents(Path file, int readers) throws IOException {
        List<JfrFile.ChunkSpan> chunks = JfrFile.chunks(file);
        List<List<JfrFile.ChunkSpan>> parts = split(chunks, readers > 0 ? Math.min(readers, chunks.size()) : readers(chunks));
        List<JfrEvents> results = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            results.add(new JfrEvents());
            failures.add(null);
        }
        for (int i = 1; i < parts.size(); i++) {
            int part = i;
            Thread thread = new Thread(() -> {
                try {
                    JfrFile.read(file, parts.get(part), EVENTS, results.get(part)::accept);
                } catch (Throwable e) {
                    failures.set(part, e);
                }
            }, "jprof-jfr-reader-" + part);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
        try {
            JfrFile.read(file, parts.get(0), EVENTS, results.get(0)::accept);
        } finally {
            for (Thread thread : threads) {
                boolean interrupted = false;
                while (true) {
                    try {
                        thread.join();
                        break;
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
                if (interrupted) Thread.currentThread().interrupt();
            }
        }
        JfrEvents events = results.get(0);
        for (int i = 1; i < parts.size(); i++) {
            Throwable failure = failures.get(i);
            if (failure instanceof IOException) throw (IOException) failure;
            if (failure instanceof RuntimeException) throw (RuntimeException) failure;
            if (failure instanceof Error) throw (Error) failure;
            events.append(results.get(i));
        }
        return events;
    }

    /** One reader per core (at most four), each with at least 32 MB of chunks. */
    private static int readers(List<JfrFile.ChunkSpan> chunks) {
        long bytes = 0;
        for (JfrFile.ChunkSpan c : chunks) bytes += c.size();
        long bySize = Math.max(1, bytes / (32L << 20));
        int cores = Math.min(4, Runtime.getRuntime().availableProcessors());
        return (int) Math.max(1, Math.min(Math.min(cores, bySize), chunks.size()));
    }

    /** Consecutive runs of chunks of about equal size. */
    static List<List<JfrFile.ChunkSpan>> split(List<JfrFile.ChunkSpan> chunks, int parts) {
        long total = 0;
        for (JfrFile.ChunkSpan c : chunks) total += c.size();
        List<List<JfrFile.ChunkSpan>> result = new ArrayList<>();
        List<JfrFile.ChunkSpan> current = new ArrayList<>();
        long done = 0;
        for (JfrFile.ChunkSpan c : chunks) {
            current.add(c);
            done += c.size();
            if (result.size() < parts - 1 && done * parts >= total * (result.size() + 1)) {
                result.add(current);
                current = new ArrayList<>();
            }
        }
        if (!current.isEmpty() || result.isEmpty()) result.add(current);
        return result;
    }

    /** A jprof.WaitSample event. */
    record WaitSample(long threadId, String threadName, long timeNanos, ThreadState state, String stack, int count) {
    }

    /** Everything read from the file, with stacks already interned into the builder's frame tables. */
    static final class JfrEvents {
        final StackInterner stacks = new StackInterner();
        final RunningSamples running = new RunningSamples();
        final List<WaitSample> waits = new ArrayList<>();
        final WallClockSamples wallClock = new WallClockSamples();
        final List<ThreadActivity> activity = new ArrayList<>();
        final ThreadSchedules schedules = new ThreadSchedules();
        /** OS thread ids by Java thread id, from the threads of jprof.ThreadActivity events. */
        final Map<Long, Long> osThreadIds = new HashMap<>();
        /** async-profiler's own settings (event, interval, wall, engine, cstack...), when it wrote the recording. */
        final Map<String, String> asyncSettings = new HashMap<>();
        boolean asyncProfiler;
        final Map<String, String> info = new HashMap<>();
        /** Every change to {@link #info} in order, so a later part of the file can be replayed onto an earlier one. */
        private final List<String[]> infoChanges = new ArrayList<>();
        Duration executionPeriod;
        boolean cpuTimeSamples;
        int failedSamples;
        long firstNanos = Long.MAX_VALUE;
        long lastNanos = Long.MIN_VALUE;

        void accept(JfrEvent event) {
            String type = event.type().name();
            switch (type) {
                case EXECUTION_SAMPLE:
                    addRunning(event, event.getThread("sampledThread"), 0, false);
                    break;
                case NATIVE_METHOD_SAMPLE:
                    addRunning(event, event.getThread("sampledThread"), 0, true);
                    break;
                case CPU_TIME_SAMPLE:
                    cpuTimeSamples = true;
                    if (event.getBoolean("failed") || !addRunning(event, event.getThread("eventThread"), event.getNanos("samplingPeriod"), false)) {
                        failedSamples++;
                    }
                    break;
                case WALL_CLOCK_SAMPLE:
                    addWallClock(event);
                    break;
                case JprofEvents.WAIT_SAMPLE:
                    addWait(event);
                    break;
                case JprofEvents.THREAD_ACTIVITY:
                    addActivity(event);
                    break;
                case JprofEvents.THREAD_SCHEDULE:
                    schedules.add(event.getLong(JprofEvents.FIELD_OS_THREAD_ID), event.startNanos(),
                            event.getLong(JprofEvents.FIELD_RUN_NANOS), event.getLong(JprofEvents.FIELD_WAIT_NANOS),
                            event.getLong(JprofEvents.FIELD_TIMESLICES), event.getBoolean(JprofEvents.FIELD_JFR_SAMPLER));
                    break;
                case JprofEvents.RECORDING_INFO:
                    info(Attributes.MODE, JprofEvents.threadPart(event.getString(JprofEvents.FIELD_MODE)), true);
                    info(Attributes.INTERVAL_NANOS, Long.toString(event.getLong(JprofEvents.FIELD_INTERVAL)), true);
                    info(Attributes.ENGINE, JprofEvents.threadPart(event.getString(JprofEvents.FIELD_ENGINE)), true);
                    info("debugNonSafepoints", Boolean.toString(event.getBoolean(JprofEvents.FIELD_DEBUG_NON_SAFEPOINTS)), true);
                    break;
                case JVM_INFORMATION:
                    info(Attributes.JVM_VERSION, event.getString("jvmVersion"), true);
                    info(Attributes.TARGET, event.getString("javaArguments"), true);
                    break;
                case ACTIVE_SETTING:
                    if (event.getLong("id") == event.typeId(EXECUTION_SAMPLE)) executionSetting(event.getString("name"), event.getString("value"));
                    String label = event.type().label();
                    if (label != null && label.startsWith("Async-profiler")) {
                        asyncProfiler = true;
                        String name = event.getString("name");
                        if (name != null && event.getString("value") != null) asyncSettings.putIfAbsent(name, event.getString("value"));
                        if ("engine".equals(name)) info(Attributes.ENGINE, "async-profiler " + event.getString("value"), false);
                    }
                    break;
                default:
                    break;
            }
        }

        private void info(String key, String value, boolean replace) {
            if (replace) info.put(key, value);
            else info.putIfAbsent(key, value);
            infoChanges.add(new String[] {key, value, replace ? "put" : "ifAbsent"});
        }

        /** Adds what was read from the chunks that follow this object's chunks in the file. */
        void append(JfrEvents later) {
            int[] stackIds = stacks.absorb(later.stacks);
            running.append(later.running, stackIds);
            waits.addAll(later.waits);
            wallClock.append(later.wallClock, stackIds);
            later.asyncSettings.forEach(asyncSettings::putIfAbsent);
            asyncProfiler |= later.asyncProfiler;
            activity.addAll(later.activity);
            schedules.addAll(later.schedules);
            osThreadIds.putAll(later.osThreadIds);
            for (String[] change : later.infoChanges) info(change[0], change[1], change[2].equals("put"));
            if (later.executionPeriod != null) executionPeriod = later.executionPeriod;
            cpuTimeSamples |= later.cpuTimeSamples;
            failedSamples += later.failedSamples;
            firstNanos = Math.min(firstNanos, later.firstNanos);
            lastNanos = Math.max(lastNanos, later.lastNanos);
        }

        /** JFR's own recordings say "period" (e.g. "20 ms"); async-profiler's say "interval" in nanoseconds. */
        private void executionSetting(String name, String value) {
            if ("period".equals(name)) {
                Duration period = PeriodText.parse(value);
                if (period != null) executionPeriod = period;
            } else if ("interval".equals(name) && value != null && value.matches("\\d+") && Long.parseLong(value) > 0) {
                executionPeriod = Duration.ofNanos(Long.parseLong(value));
            }
        }

        /** False when the event has no stack trace. */
        private boolean addRunning(JfrEvent event, JfrThread thread, long periodNanos, boolean inNative) {
            int stack = stacks.intern(event);
            if (stack < 0) return false;
            long time = event.startNanos();
            see(time);
            running.add(event.chunk(), thread, time, stack, periodNanos, inNative);
            return true;
        }

        /** Only Java threads: the JVM's own threads are not part of a wall-clock profile of the program. */
        private void addWallClock(JfrEvent event) {
            JfrThread thread = event.getThread("sampledThread");
            if (thread == null || thread.javaThreadId() <= 0) return;
            int stack = stacks.intern(event);
            if (stack < 0 || !stacks.hasJavaFrame(stack)) return; // JVM service threads say nothing about the program
            long time = event.startNanos();
            see(time);
            int count = event.hasField("samples") ? Math.max(1, event.getInt("samples")) : 1;
            wallClock.add(event.chunk(), thread, time, stack, WallClockState.of(event.getConstantString("state", "name"), stacks, stack), count);
        }

        private void addWait(JfrEvent event) {
            JfrThread thread = event.getThread(JprofEvents.FIELD_SAMPLED_THREAD);
            long id = thread != null ? threadId(thread) : fallbackId(event);
            String name = thread != null ? threadName(thread) : fallbackName(event);
            long time = event.startNanos();
            see(time);
            see(event.endNanos());
            ThreadState state;
            try {
                state = ThreadState.valueOf(event.getString(JprofEvents.FIELD_STATE));
            } catch (IllegalArgumentException | NullPointerException e) {
                state = ThreadState.UNKNOWN;
            }
            waits.add(new WaitSample(id, name, time, state,
                    event.getString(JprofEvents.FIELD_STACK), event.getInt(JprofEvents.FIELD_COUNT)));
        }

        private void addActivity(JfrEvent event) {
            JfrThread thread = event.getThread(JprofEvents.FIELD_SAMPLED_THREAD);
            long id = thread != null ? threadId(thread) : fallbackId(event);
            String name = thread != null ? threadName(thread) : fallbackName(event);
            if (thread != null && thread.osThreadId() > 0) osThreadIds.put(id, thread.osThreadId());
            long start = event.startNanos();
            long end = event.endNanos();
            see(start);
            see(end);
            activity.add(new ThreadActivity(id, name, start, end,
                    event.getLong(JprofEvents.FIELD_RUNNABLE_TICKS), event.getLong(JprofEvents.FIELD_CPU_NANOS)));
        }

        private static long fallbackId(JfrEvent event) {
            return event.hasField(JprofEvents.FIELD_JAVA_THREAD_ID) ? event.getLong(JprofEvents.FIELD_JAVA_THREAD_ID) : -1;
        }

        private static String fallbackName(JfrEvent event) {
            String name = event.hasField(JprofEvents.FIELD_THREAD_NAME) ? event.getString(JprofEvents.FIELD_THREAD_NAME) : null;
            return name == null ? "" : name;
        }

        private void see(long time) {
            firstNanos = Math.min(firstNanos, time);
            lastNanos = Math.max(lastNanos, time);
        }
    }

    static long threadId(JfrThread thread) {
        if (thread == null) return -1;
        long id = thread.javaThreadId();
        return id > 0 ? id : -thread.osThreadId() - 2;
    }

    static String threadName(JfrThread thread) {
        if (thread == null) return "";
        String name = thread.javaName();
        return name != null ? name : thread.osName() == null ? "" : thread.osName();
    }

    /** The profiler's own threads in the profiled JVM (jprof's sampler, JFR's and async-profiler's): not part of the program. */
    static boolean isJprofThread(String name) {
        return "jprof-sampler".equals(name) || name.startsWith("JFR ") || name.startsWith("Async-profiler");
    }

    /**
     * The java launcher runs main() on a thread it then re-attaches as "DestroyJavaVM" to wait for the
     * program's end; async-profiler names a thread by its OS thread, so its last name is the one it gets.
     */
    private static final String LAUNCHER_THREAD = "DestroyJavaVM";

    /** Weighs the samples and builds the profile. */
    private static final class Assembly {
        private final JfrEvents events;
        private final Mode mode;
        private final long intervalNanos;
        private final ValueType timeType;
        private final ProfileBuilder builder;
        /**
         * For jprof's cpu recordings with JFR's execution and native-method samples: how much time each
         * sample stands for (null otherwise: each window's CPU time is shared evenly).
         */
        private final SamplerRounds rounds;
        /** JFR's execution sampling period as asked. */
        private final long samplingPeriod;
        /** CPU time of the thread being weighed that no sample claimed: {window start, nanoseconds} pairs. */
        private final List<long[]> unclaimed = new ArrayList<>();

        Assembly(JfrEvents events) {
            this.events = events;
            this.mode = events.info.containsKey(Attributes.MODE) ? Mode.parse(events.info.get(Attributes.MODE))
                    : events.wallClock.isEmpty() ? Mode.CPU : Mode.WALL;
            long wallInterval = events.wallClock.isEmpty() ? -1 : asyncWallInterval(events.asyncSettings);
            this.intervalNanos = events.info.containsKey(Attributes.INTERVAL_NANOS)
                    ? Long.parseLong(events.info.get(Attributes.INTERVAL_NANOS))
                    : wallInterval > 0 ? wallInterval
                    : (events.executionPeriod != null ? events.executionPeriod : JFR_DEFAULT_PERIOD).toNanos();
            this.timeType = mode == Mode.WALL ? ValueType.WALL_TIME : ValueType.CPU_TIME;
            this.builder = new ProfileBuilder(ValueType.SAMPLES, timeType);
            String engine = events.info.get(Attributes.ENGINE);
            boolean executionSamples = mode == Mode.CPU && !events.cpuTimeSamples && !events.asyncProfiler
                    && (engine == null || engine.equals(ENGINE_EXECUTION_SAMPLE)) && !events.activity.isEmpty();
            this.samplingPeriod = events.executionPeriod != null ? events.executionPeriod.toNanos() : intervalNanos;
            this.rounds = executionSamples ? SamplerRounds.of(events.running, samplingPeriod) : null;
            events.schedules.sort();
        }

        /**
         * Whether a running sample is weighed: native-method samples only with the threads' CPU times
         * beside them, which tell time running in native code from time blocked there.
         */
        private boolean weighed(int sample) {
            return rounds != null || !events.running.isNative(sample);
        }

        /** async-profiler's wall interval: its "wall" setting beside another event, or "interval" when wall is the event. */
        private static long asyncWallInterval(Map<String, String> settings) {
            String wall = settings.get("wall");
            if (wall == null && "wall".equals(settings.get("event"))) wall = settings.get("interval");
            return wall != null && wall.matches("\\d{1,18}") ? Long.parseLong(wall) : -1;
        }

        private String displayName(String name) {
            return events.asyncProfiler && LAUNCHER_THREAD.equals(name) ? "main" : name;
        }

        /** Names by thread id: events of ended threads may carry no name, others of the same thread do. */
        private final Map<Long, String> names = new HashMap<>();

        private String lastName;
        private long lastId;
        private int lastThread = -1;

        private int thread(String name, long id) {
            // consecutive samples mostly come from one thread
            if (lastThread >= 0 && id == lastId && java.util.Objects.equals(name, lastName)) return lastThread;
            String known = names.get(id);
            int thread = builder.thread(displayName(known != null ? known : name), id);
            lastName = name;
            lastId = id;
            lastThread = thread;
            return thread;
        }

        private void learnNames() {
            RunningSamples running = events.running;
            for (SampledThreads threads : List.of(running.threads(), events.wallClock.threads())) {
                for (int t = 0; t < threads.size(); t++) learnName(threads.id(t), threads.name(t));
            }
            for (WaitSample w : events.waits) learnName(w.threadId(), w.threadName());
            for (ThreadActivity a : events.activity) learnName(a.javaThreadId(), a.threadName());
        }

        private void learnName(long id, String name) {
            if (name != null && !name.isEmpty() && !name.equals("N/A")) names.putIfAbsent(id, name);
        }

        Profile build() {
            learnNames();
            events.stacks.copyInto(builder);
            if (!events.wallClock.isEmpty()) return buildWallClock();
            // samples grouped by thread id (groups in order of first appearance), each group sorted by time
            RunningSamples running = events.running;
            builder.reserveSamples(running.size() + events.waits.size());
            Map<Long, Integer> groupOfId = new HashMap<>();
            SampledThreads threads = running.threads();
            int[] groupOfThread = new int[threads.size()];
            for (int t = 0; t < groupOfThread.length; t++) {
                groupOfThread[t] = isJprofThread(threads.name(t)) ? -1
                        : groupOfId.computeIfAbsent(threads.id(t), k -> groupOfId.size());
            }
            int[] groupStart = new int[groupOfId.size() + 1];
            for (int i = 0; i < running.size(); i++) {
                int group = groupOfThread[running.thread(i)];
                if (group >= 0 && weighed(i)) groupStart[group + 1]++;
            }
            for (int g = 0; g < groupOfId.size(); g++) groupStart[g + 1] += groupStart[g];
            int[] order = new int[groupStart[groupOfId.size()]];
            int[] fill = Arrays.copyOf(groupStart, groupOfId.size());
            for (int i = 0; i < running.size(); i++) {
                int group = groupOfThread[running.thread(i)];
                if (group >= 0 && weighed(i)) order[fill[group]++] = i;
            }
            int[] scratch = new int[order.length];
            Map<Long, List<ThreadActivity>> activityByThread = new HashMap<>();
            for (ThreadActivity activity : events.activity) {
                activityByThread.computeIfAbsent(activity.javaThreadId(), k -> new ArrayList<>()).add(activity);
            }
            long runningSamples = 0;
            long runningMeasure = 0;
            for (Map.Entry<Long, Integer> entry : groupOfId.entrySet()) {
                int from = groupStart[entry.getValue()];
                int n = groupStart[entry.getValue() + 1] - from;
                running.sortByTime(order, from, from + n, scratch);
                List<ThreadActivity> windows = activityByThread.remove(entry.getKey());
                unclaimed.clear();
                long[][] weights = weigh(running, order, from, n, windows);
                for (int i = 0; i < n; i++) {
                    if (weights[0][i] == 0 && weights[1][i] == 0) continue;
                    int s = order[from + i];
                    int ref = running.thread(s);
                    int thread = thread(threads.name(ref), threads.id(ref));
                    builder.sample(events.stacks.builderStack(running.stack(s)), thread, ThreadState.RUNNABLE, running.time(s),
                            weights[0][i], weights[1][i]);
                }
                if (!unclaimed.isEmpty()) {
                    int ref = running.thread(order[from]);
                    int thread = thread(threads.name(ref), threads.id(ref));
                    for (long[] rest : unclaimed) builder.sample(notSampledStack(), thread, ThreadState.RUNNABLE, rest[0], 0, rest[1]);
                }
                runningSamples += n;
                runningMeasure += measure(windows);
            }
            addUnsampledRunning(activityByThread);
            for (WaitSample wait : events.waits) {
                // JVM service threads without a single Java frame say nothing about the program
                if (wait.stack() == null || wait.stack().isEmpty() || isJprofThread(names.getOrDefault(wait.threadId(), wait.threadName()))) continue;
                int thread = thread(wait.threadName(), wait.threadId());
                int stack = builder.path(StackText.frames(builder, wait.stack()));
                if (stack == Profile.ROOT) stack = builder.stack(Profile.ROOT, StackText.unknownFrame(builder));
                builder.sample(stack, thread, wait.state(), wait.timeNanos(), wait.count(), wait.count() * intervalNanos);
            }
            describe(runningSamples, runningMeasure);
            return builder.build();
        }

        /** async-profiler's wall-clock samples hold every thread in every state: they are the whole profile. */
        private Profile buildWallClock() {
            WallClockSamples samples = events.wallClock;
            builder.reserveSamples(samples.size());
            SampledThreads threads = samples.threads();
            int[] threadOf = new int[threads.size()];
            for (int t = 0; t < threadOf.length; t++) {
                String name = threads.name(t);
                threadOf[t] = isJprofThread(names.getOrDefault(threads.id(t), name)) ? -1 : thread(name, threads.id(t));
            }
            long running = 0;
            for (int i = 0; i < samples.size(); i++) {
                int thread = threadOf[samples.thread(i)];
                if (thread < 0) continue;
                int stack = samples.stack(i) < 0 ? builder.stack(Profile.ROOT, StackText.unknownFrame(builder)) : events.stacks.builderStack(samples.stack(i));
                int count = samples.count(i);
                ThreadState state = samples.state(i);
                builder.sample(stack, thread, state, samples.time(i), count, count * intervalNanos);
                if (!state.isIdle()) running += count;
            }
            describe(running, 0);
            return builder.build();
        }

        /**
         * Weights {samples, time} for one thread's running samples. With activity windows, each
         * window's measure (ticks in wall mode, CPU nanoseconds in cpu mode) is shared out among the
         * window's samples; a window without samples passes its measure to the next one that has some.
         */
        private long[][] weigh(RunningSamples running, int[] order, int from, int n, List<ThreadActivity> windows) {
            long[][] weights = new long[2][n];
            boolean usable = windows != null && windows.stream().anyMatch(w -> windowMeasure(w) > 0);
            if (!usable) {
                for (int i = 0; i < n; i++) {
                    // without the thread's CPU time, a native sample may as well be a thread blocked in a read
                    if (running.isNative(order[from + i])) continue;
                    long period = running.period(order[from + i]) > 0 ? running.period(order[from + i]) : intervalNanos;
                    weights[0][i] = 1;
                    weights[1][i] = period;
                }
                return weights;
            }
            windows.sort((a, b) -> Long.compare(a.startNanos(), b.startNanos()));
            int[] windowOf = new int[n];
            int w = 0;
            for (int i = 0; i < n; i++) {
                long t = running.time(order[from + i]);
                while (w < windows.size() - 1 && t >= windows.get(w).endNanos()) w++;
                windowOf[i] = w;
            }
            if (rounds != null) {
                claim(order, from, n, windows, windowOf, weights);
                return weights;
            }
            long carry = 0;
            int first = 0;
            int lastStart = -1;
            int lastEnd = -1;
            for (int win = 0; win < windows.size(); win++) {
                int end = first;
                while (end < n && windowOf[end] == win) end++;
                long measure = windowMeasure(windows.get(win)) + carry;
                if (end > first) {
                    share(measure, first, end, weights);
                    carry = 0;
                    lastStart = first;
                    lastEnd = end;
                } else {
                    carry = measure;
                }
                first = end;
            }
            if (carry > 0 && lastStart >= 0) {
                long[][] extra = new long[2][n];
                share(carry, lastStart, lastEnd, extra);
                for (int i = lastStart; i < lastEnd; i++) {
                    weights[0][i] += extra[0][i];
                    weights[1][i] += extra[1][i];
                }
            }
            return weights;
        }

        /**
         * Each window's CPU time to the samples that claim it ({@link CpuShares}); what no sample claims
         * goes to {@link #unclaimed}. A native sample counts as many samples as periods of CPU time it got,
         * so a thread blocked in native code adds neither time nor samples.
         */
        private void claim(int[] order, int from, int n, List<ThreadActivity> windows, int[] windowOf, long[][] weights) {
            long[] claims = new long[n];
            byte[] kinds = new byte[n];
            for (int i = 0; i < n; i++) kinds[i] = rounds.kinds[order[from + i]];
            long[] times = weights[1];
            int first = 0;
            for (int win = 0; win < windows.size(); win++) {
                int end = first;
                while (end < n && windowOf[end] == win) end++;
                ThreadActivity window = windows.get(win);
                // a thread seen running, but waiting for a core part of the time, used less CPU than its samples claim
                Long osThread = events.osThreadIds.get(window.javaThreadId());
                double onCore = osThread == null ? 1 : events.schedules.onCore(osThread, window.startNanos(), window.endNanos());
                long period = events.schedules.samplerPeriod(samplingPeriod, window.startNanos(), window.endNanos());
                if (period <= 0) period = rounds.periodNanos;
                for (int i = first; i < end; i++) claims[i] = Math.round(rounds.claims[order[from + i]] * period * onCore);
                long rest = CpuShares.share(windowMeasure(window), claims, kinds, first, end, times);
                if (rest > 0) unclaimed.add(new long[] {windows.get(win).startNanos(), rest});
                long nativeTime = 0;
                for (int i = first; i < end; i++) {
                    if (kinds[i] != CpuShares.NATIVE) {
                        weights[0][i] = 1;
                        continue;
                    }
                    long before = Math.round(nativeTime / (double) period);
                    nativeTime += times[i];
                    weights[0][i] = Math.round(nativeTime / (double) period) - before;
                }
                first = end;
            }
        }

        private int notSampledStack() {
            return builder.stack(Profile.ROOT, builder.frame("", NOT_SAMPLED, "", 0, dev.jprof.model.FrameKind.SYNTHETIC));
        }

        private long windowMeasure(ThreadActivity window) {
            return mode == Mode.WALL ? window.runnableTicks() : Math.max(window.cpuNanos(), 0);
        }

        /** Shares {@code measure} out among samples [from, to) in whole units, spread evenly. */
        private void share(long measure, int from, int to, long[][] weights) {
            int k = to - from;
            for (int j = 0; j < k; j++) {
                long part = measure * (j + 1) / k - measure * j / k;
                if (mode == Mode.WALL) {
                    weights[0][from + j] = part;
                    weights[1][from + j] = part * intervalNanos;
                } else {
                    weights[0][from + j] = 1;
                    weights[1][from + j] = part;
                }
            }
        }

        private long measure(List<ThreadActivity> windows) {
            if (windows == null) return 0;
            long sum = 0;
            for (ThreadActivity w : windows) sum += mode == Mode.WALL ? w.runnableTicks() * intervalNanos : Math.max(w.cpuNanos(), 0);
            return sum;
        }

        /**
         * Time a thread ran without JFR ever catching its stack (JFR's sampler falls behind when there
         * are more busy threads than cores) still counts, under a marked frame, so every thread's share stays right.
         */
        private void addUnsampledRunning(Map<Long, List<ThreadActivity>> unsampled) {
            for (List<ThreadActivity> windows : unsampled.values()) {
                for (ThreadActivity w : windows) {
                    long measure = windowMeasure(w);
                    if (measure <= 0 || isJprofThread(w.threadName())) continue;
                    int thread = thread(w.threadName(), w.javaThreadId());
                    int stack = notSampledStack();
                    if (mode == Mode.WALL) {
                        builder.sample(stack, thread, ThreadState.RUNNABLE, w.startNanos(), measure, measure * intervalNanos);
                    } else {
                        builder.sample(stack, thread, ThreadState.RUNNABLE, w.startNanos(), 0, measure);
                    }
                }
            }
        }

        private void describe(long runningSamples, long runningMeasureNanos) {
            builder.attributes(events.info);
            builder.attribute(Attributes.MODE, mode.label());
            builder.attribute(Attributes.INTERVAL_NANOS, Long.toString(intervalNanos));
            if (!events.info.containsKey(Attributes.ENGINE)) {
                builder.attribute(Attributes.ENGINE, events.cpuTimeSamples ? "jfr-cpu-time" : ENGINE_EXECUTION_SAMPLE);
            }
            if (events.firstNanos <= events.lastNanos) {
                builder.attribute(Attributes.START_MILLIS, Long.toString(events.firstNanos / 1_000_000));
                builder.attribute(Attributes.DURATION_NANOS, Long.toString(events.lastNanos - events.firstNanos));
            }
            builder.attribute("runningSamples", Long.toString(runningSamples));
            if (runningMeasureNanos > 0 && runningSamples > 0) {
                double achieved = runningSamples / (runningMeasureNanos / 1e9);
                double asked = 1e9 / intervalNanos;
                builder.attribute(Attributes.ACHIEVED_RATE, String.format(java.util.Locale.ROOT, "%.1f", achieved));
                if (achieved < asked * 0.5) {
                    builder.warning(String.format(java.util.Locale.ROOT,
                            "JFR took %.0f samples per second of %s time, asked for %.0f; times are still estimated"
                                    + " from each thread's measured %s, but with fewer samples per method",
                            achieved, mode == Mode.WALL ? "running" : "CPU", asked,
                            mode == Mode.WALL ? "running time" : "CPU time"));
                }
            }
            String asyncEngine = events.asyncSettings.get("engine");
            if ("cpu".equals(events.asyncSettings.get("event")) && ("ctimer".equals(asyncEngine) || "itimer".equals(asyncEngine))) {
                builder.warning("perf events are not allowed here (kernel.perf_event_paranoid, or a container's seccomp"
                        + " policy): async-profiler sampled CPU time with " + asyncEngine + ", which sees no kernel frames");
            }
            if ("false".equals(events.info.get("debugNonSafepoints"))) {
                builder.warning("inlined methods are attributed to their callers: start the JVM with"
                        + " -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints for exact attribution");
            }
            String engine = events.info.getOrDefault(Attributes.ENGINE, events.cpuTimeSamples ? "jfr-cpu-time" : ENGINE_EXECUTION_SAMPLE);
            if (mode == Mode.CPU && engine.equals(ENGINE_EXECUTION_SAMPLE)) {
                builder.warning("time spent inside the JVM (allocation slow paths, GC work on a thread's behalf, class loading)"
                        + " is not seen by JFR's execution and native-method samplers on this JDK"
                        + (rounds != null ? "; it shows as " + NOT_SAMPLED : "")
                        + " (JFR's CPU-time sampler on JDK 25+ sees it)");
            }
            if (events.failedSamples > 0) {
                builder.warning(events.failedSamples + " CPU-time samples had no stack trace and were dropped");
            }
        }
    }
}
