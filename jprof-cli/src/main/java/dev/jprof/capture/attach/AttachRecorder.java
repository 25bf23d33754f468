package dev.jprof.capture.attach;

import com.sun.management.VMOption;
import dev.jprof.agent.jfr.EventSettings;
import dev.jprof.capture.BundledFile;
import dev.jprof.capture.FlushedChunks;
import dev.jprof.capture.Mode;
import dev.jprof.capture.SamplingSettings;
import dev.jprof.capture.attach.AttachException.Reason;
import dev.jprof.capture.engine.AsyncProfilerLibrary;
import dev.jprof.capture.jfr.ThreadActivity;

import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Samples a running JVM for a while, by pid, without restarting it.
 *
 * <p>jprof creates its own JFR recording in the JVM over JMX (FlightRecorderMXBean, or the
 * DiagnosticCommand MBean where that is missing), with JDK 25's CPU-time sampler where the JVM has it,
 * and copies the recording out at the end; jprof's agent runs a watchdog beside it ({@link TargetWatch})
 * that closes the recording should jprof die first. wall mode also starts the agent's sampler (option
 * {@code recording=none}), which adds jprof.WaitSample and
 * jprof.ThreadActivity events for threads JFR does not sample; it is stopped through its MBean
 * before the recording is. Thread CPU times are read over JMX at the start and the end.
 *
 * <p>The JVM is left as it was: its own recordings untouched, ours closed, the sampler stopped.
 * What stays is what any JMX tool leaves, the local JMX agent and an initialised JFR, and the
 * agent's classes (no thread of it).
 */
public final class AttachRecorder implements AttachRecording {
    static final String SAMPLER_MBEAN = "dev.jprof:type=Sampler";
    private static final String DEBUG_NON_SAFEPOINTS_WARNING = "inlined methods are attributed to their callers: "
            + "start the JVM with -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints for exact attribution";
    private static final long POLL_MILLIS = 100;
    private static final long VERIFY_MILLIS = 2_000;
    private static final boolean DEBUG = System.getenv("JPROF_DEBUG") != null;

    private final SamplingSettings settings;
    /** Exactly these JFR settings instead of those of the mode (null: the mode's), and their engine name. */
    private final Map<String, String> events;
    private final String eventsEngine;

    public AttachRecorder(SamplingSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.events = null;
        this.eventsEngine = null;
    }

    private AttachRecorder(Map<String, String> events, String engine) {
        this.settings = SamplingSettings.defaults();
        this.events = Map.copyOf(events);
        this.eventsEngine = engine;
    }

    /** A recorder of exactly these JFR event settings ({@code event#setting=value}), for other uses than sampling. */
    public static AttachRecorder ofEvents(Map<String, String> events, String engine) {
        return new AttachRecorder(events, engine);
    }

    /**
     * Attaches to the JVM {@code pid}, records into {@code jfrOut} for {@code duration} (null: until
     * {@code stopRequested} answers true, checked every 100 ms; also ends when the JVM exits) and
     * detaches.
     *
     * @throws AttachException when attaching or recording fails, with one line for the user
     * @throws IOException     when jfrOut cannot be written
     */
    @Override
    public AttachResult record(long pid, Duration duration, Path jfrOut, BooleanSupplier stopRequested)
            throws AttachException, IOException {
        checkArguments(duration, jfrOut);
        long begin = System.nanoTime();
        try (JvmConnection jvm = JvmConnection.open(pid)) {
            debug("attached to %d (Java %s) in %d ms", pid, jvm.vmVersion(), millisSince(begin));
            return record(jvm, duration, jfrOut, stopRequested);
        }
    }

    /** Like {@link #record(long, Duration, Path, BooleanSupplier)} over a connection the caller keeps open. */
    public AttachResult record(JvmConnection jvm, Duration duration, Path jfrOut, BooleanSupplier stopRequested)
            throws AttachException, IOException {
        checkArguments(duration, jfrOut);
        BooleanSupplier stop = stopRequested == null ? () -> false : stopRequested;
        long pid = jvm.pid();
        List<String> warnings = new ArrayList<>();
        String recordingName = "jprof-" + pid + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        try (TargetFiles files = TargetFiles.create(pid)) {
            long begin = System.nanoTime();
            Path exitDump = files.file(recordingName + ".jfr");
            Started started = startRecording(jvm, files, recordingName, exitDump);
            TargetWatch watch = null;
            try {
                watch = watch(jvm, recordingName, settings.mode() == Mode.WALL && events == null, files, warnings);
                return recordWith(jvm, started, duration, jfrOut, stop, warnings, exitDump, begin);
            } finally {
                started.recording().abort();
                if (watch != null) watch.close();
            }
        }
    }

    /**
     * jprof's watchdog for this recording (and the wall sampler), so that a jprof killed now leaves the
     * JVM without it; none in a JVM that refuses dynamically loaded agents, whose owner chose so.
     */
    static TargetWatch watch(JvmConnection jvm, String recordingName, boolean sampler, TargetFiles files,
                             List<String> warnings) throws AttachException {
        Optional<VMOption> dynamic = jvm.call("report its flags", () -> jvm.vmOption("EnableDynamicAgentLoading"));
        if (dynamic.isPresent() && !Boolean.parseBoolean(dynamic.get().getValue())) return null;
        boolean explicitlyAllowed = dynamic.isPresent() && dynamic.get().getOrigin() != VMOption.Origin.DEFAULT;
        TargetWatch watch = TargetWatch.start(jvm.pid(), "recording=" + recordingName + (sampler ? ",sampler=true" : "")
                + ",dir=" + files.file(""), warnings, "its JFR recording " + recordingName + " stays there");
        if (watch != null && jvm.featureVersion() >= 21 && !explicitlyAllowed) warnings.add(dynamicAgentWarning(jvm.pid()));
        return watch;
    }

    private static String dynamicAgentWarning(long pid) {
        return "JVM " + pid + " printed a warning about a dynamically loaded agent (jprof's watchdog and wall sampler) on its "
                + "error output; start it with -XX:+EnableDynamicAgentLoading to allow this silently";
    }

    /**
     * Our recording in the JVM, and whether it samples with JDK 25's CPU-time sampler; {@code note}, when
     * not null, is a warning about the sampler chosen.
     */
    record Started(TargetRecording recording, boolean cpuTime, String sampler, Path repository, String note) {
        String engine() {
            return sampler + " via " + recording.via();
        }
    }

    private AttachResult recordWith(JvmConnection jvm, Started started, Duration duration, Path jfrOut,
                                    BooleanSupplier stop, List<String> warnings, Path exitDump, long begin)
            throws AttachException, IOException {
        long pid = jvm.pid();
        TargetRecording recording = started.recording();
        String engine = started.engine();
        if (started.note() != null) warnings.add(started.note());
        if (threads(settings) && events == null) checkDebugNonSafepoints(jvm, warnings);
        ThreadSnapshot before = jvm.call("report its threads", () -> ThreadSnapshot.take(jvm.threads()));
        if (!before.measuresCpu()) {
            warnings.add("JVM " + pid + " does not measure thread CPU time (-XX:-ThreadCPUTime?): samples are not weighted by CPU time");
        }
        boolean samplerStarted = false;
        long recordingStart = System.nanoTime();
        try {
            if (settings.mode() == Mode.WALL) {
                startWallSampler(jvm, started.cpuTime(), warnings);
                samplerStarted = true;
                engine = engine.replace(" via ", " + jprof wall sampler via ");
            }
            debug("recording in %d after %d ms (%s)", pid, millisSince(begin), engine);
            boolean exited = waitUntilDone(jvm, duration, stop, recordingStart);
            if (!exited) {
                long end = System.nanoTime();
                if (samplerStarted) {
                    stopWallSampler(jvm, warnings);
                    samplerStarted = false;
                }
                ThreadSnapshot after = jvm.call("report its threads", () -> ThreadSnapshot.take(jvm.threads()));
                try {
                    recording.finish(jfrOut);
                } catch (FileSystemException e) {
                    throw e; // jfrOut (or the file the JVM wrote) on this machine: not the JVM's fault
                } catch (Exception e) {
                    if (!jvm.isAlive()) throw JvmConnection.exited(pid);
                    throw new AttachException(Reason.FAILED, "JVM " + pid + " failed to save the recording: "
                            + JvmConnection.firstLine(e), e);
                }
                debug("stopped and copied in %d ms", millisSince(end));
                return new AttachResult(jfrOut, ThreadSnapshot.between(before, after), warnings, engine, jvm.vmVersion());
            }
        } catch (AttachException e) {
            boolean mayHaveExited = e.reason() == Reason.NO_SUCH_PROCESS || e.reason() == Reason.FAILED;
            if (!mayHaveExited || !targetGone(jvm)) throw e;
        } finally {
            if (samplerStarted && jvm.isAlive()) {
                try {
                    stopWallSampler(jvm, new ArrayList<>());
                } catch (RuntimeException e) {
                    // best effort on the way out
                }
            }
        }
        return afterExit(jvm, exitDump, jfrOut, recordingStart, warnings, engine, started.repository());
    }

    /** Our recording, started and seen running: FlightRecorderMXBean first, DiagnosticCommand as fallback. */
    Started startRecording(JvmConnection jvm, TargetFiles files, String name, Path exitDump)
            throws AttachException {
        long pid = jvm.pid();
        String mxbeanFailure = null;
        MXBeanRecording mxbean = null;
        try {
            mxbean = MXBeanRecording.tryOpen(jvm);
        } catch (IOException e) {
            if (!jvm.isAlive()) throw JvmConnection.exited(pid);
            mxbeanFailure = JvmConnection.firstLine(e);
        }
        if (mxbean != null) {
            try {
                return start(jvm, mxbean, name, exitDump);
            } catch (Exception e) {
                mxbean.abort();
                if (!jvm.isAlive()) throw JvmConnection.exited(pid);
                mxbeanFailure = JvmConnection.firstLine(e);
                debug("FlightRecorderMXBean failed in %d: %s", pid, mxbeanFailure);
            }
        }
        DiagnosticCommandRecording dcmd;
        try {
            dcmd = new DiagnosticCommandRecording(jvm, files);
            return start(jvm, dcmd, name, exitDump);
        } catch (Exception e) {
            if (!jvm.isAlive()) throw JvmConnection.exited(pid);
            String why = mxbeanFailure != null ? mxbeanFailure + " (FlightRecorderMXBean), " + JvmConnection.firstLine(e)
                    + " (DiagnosticCommand)" : JvmConnection.firstLine(e);
            throw new AttachException(Reason.UNSUPPORTED, "JVM " + pid + " could not start a JFR recording: " + why, e);
        }
    }

    private Started start(JvmConnection jvm, TargetRecording recording, String name, Path exitDump) throws Exception {
        // JDK 25 brought jdk.CPUTimeSample; asking older JVMs for their event types would only cost time
        boolean cpuTime = events == null && threads(settings) && jvm.featureVersion() >= 25 && recording.hasEventType(EventSettings.CPU_TIME_SAMPLE);
        String note = null;
        if (cpuTime && AsyncProfilerLibrary.loadedIn(jvm.pid())) {
            cpuTime = false;
            note = "async-profiler ran in JVM " + jvm.pid() + " before and left its SIGPROF handler, which JFR's CPU-time sampler"
                    + " will not share: sampling with jdk.ExecutionSample instead (time in native code and in the VM is estimated)";
        }
        boolean allocationSample = jvm.featureVersion() >= 16;
        Map<String, String> eventSettings = events != null ? events : settings.mode() == Mode.ALLOC
                ? EventSettings.forAllocation(settings.interval().toNanos(), allocationSample)
                : settings.mode() == Mode.LOCK ? EventSettings.forLock(lockThresholdNanos(settings))
                : EventSettings.forMode(settings.mode().label(), settings.interval().toNanos(), cpuTime);
        if (events == null && settings.allocations()) {
            eventSettings = EventSettings.withAllocation(eventSettings, settings.interval().toNanos(), allocationSample);
        }
        if (events == null && settings.locks()) {
            eventSettings = EventSettings.withLock(eventSettings, lockThresholdNanos(settings));
        }
        recording.start(name, eventSettings, exitDump);
        long deadline = System.nanoTime() + VERIFY_MILLIS * 1_000_000;
        while (!recording.isRunning()) {
            if (System.nanoTime() > deadline) {
                recording.abort();
                throw new IllegalStateException("the recording did not start");
            }
            Thread.sleep(POLL_MILLIS);
        }
        String sampler = events != null ? eventsEngine : settings.mode() == Mode.ALLOC ? EventSettings.allocationEngineName(allocationSample)
                : settings.mode() == Mode.LOCK ? EventSettings.ENGINE_LOCK : EventSettings.engineName(cpuTime);
        return new Started(recording, cpuTime, sampler, repository(jvm), note);
    }

    /** Whether the run samples threads (cpu or wall), not only allocations or lock waits. */
    private static boolean threads(SamplingSettings settings) {
        return settings.mode() == Mode.CPU || settings.mode() == Mode.WALL;
    }

    private static void checkDebugNonSafepoints(JvmConnection jvm, List<String> warnings) throws AttachException {
        Optional<VMOption> option = jvm.call("report its flags", () -> jvm.vmOption("DebugNonSafepoints"));
        if (!option.map(o -> Boolean.parseBoolean(o.getValue())).orElse(false)) warnings.add(DEBUG_NON_SAFEPOINTS_WARNING);
    }

    private void startWallSampler(JvmConnection jvm, boolean cpuTime, List<String> warnings) throws AttachException, IOException {
        long pid = jvm.pid();
        Optional<VMOption> dynamic = jvm.call("report its flags", () -> jvm.vmOption("EnableDynamicAgentLoading"));
        if (dynamic.isPresent() && !Boolean.parseBoolean(dynamic.get().getValue())) {
            throw new AttachException(Reason.AGENT_FAILED, "JVM " + pid + " was started with -XX:-EnableDynamicAgentLoading, "
                    + "so jprof cannot add its wall-clock sampler: use --mode cpu, or restart it with -XX:+EnableDynamicAgentLoading");
        }
        boolean explicitlyAllowed = dynamic.isPresent() && dynamic.get().getOrigin() != VMOption.Origin.DEFAULT;
        String warning = dynamicAgentWarning(pid);
        if (jvm.featureVersion() >= 21 && !explicitlyAllowed && !warnings.contains(warning)) warnings.add(warning);
        String options = "mode=wall,interval=" + settings.interval().toNanos() + "ns,recording=none,engine="
                + (cpuTime ? "cpu-time" : "execution-sample");
        jvm.loadAgent(BundledFile.AGENT.path(), options);
        ObjectName sampler = samplerName();
        long deadline = System.nanoTime() + VERIFY_MILLIS * 1_000_000;
        boolean registered = jvm.call("report jprof's sampler", () -> jvm.mbeans().isRegistered(sampler));
        while (!registered && System.nanoTime() < deadline) {
            sleep(POLL_MILLIS);
            registered = jvm.call("report jprof's sampler", () -> jvm.mbeans().isRegistered(sampler));
        }
        if (!registered) {
            warnings.add("jprof's wall sampler did not start in JVM " + pid + ": waiting threads are missing from the profile");
        }
    }

    private static void stopWallSampler(JvmConnection jvm, List<String> warnings) {
        try {
            ObjectName sampler = samplerName();
            if (jvm.mbeans().isRegistered(sampler)) jvm.mbeans().invoke(sampler, "stop", null, null);
        } catch (Exception e) {
            if (jvm.isAlive()) warnings.add("jprof's wall sampler in JVM " + jvm.pid() + " did not stop cleanly: "
                    + JvmConnection.firstLine(e));
        }
    }

    private static ObjectName samplerName() {
        try {
            return new ObjectName(SAMPLER_MBEAN);
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sleeps in small steps until the duration ends, a stop is requested or the JVM exits (returns true then). */
    private static boolean waitUntilDone(JvmConnection jvm, Duration duration, BooleanSupplier stop, long start) {
        long end = duration == null ? Long.MAX_VALUE : start + duration.toNanos();
        while (true) {
            if (stop.getAsBoolean() || Thread.currentThread().isInterrupted()) return false;
            long left = end - System.nanoTime();
            if (left <= 0) return false;
            if (!jvm.isAlive()) return true;
            sleep(Math.min(POLL_MILLIS, Math.max(1, left / 1_000_000)));
        }
    }

    /** After a failed call: whether the JVM is exiting or gone (waits up to 2 s for it to go). */
    private static long lockThresholdNanos(SamplingSettings settings) {
        return settings.lockThreshold() == null ? EventSettings.DEFAULT_LOCK_THRESHOLD_NANOS : settings.lockThreshold().toNanos();
    }

    private static boolean targetGone(JvmConnection jvm) {
        long deadline = System.nanoTime() + VERIFY_MILLIS * 1_000_000;
        while (jvm.isAlive()) {
            if (System.nanoTime() > deadline) return false;
            sleep(POLL_MILLIS);
        }
        return true;
    }

    /**
     * Where the JVM's Flight Recorder keeps its chunks (JFR sets the property when it creates the
     * repository), or null: the recording can be rebuilt from there if the JVM is killed.
     */
    private static Path repository(JvmConnection jvm) {
        try {
            String path = jvm.runtime().getSystemProperties().get("jdk.jfr.repository");
            return path == null || path.isBlank() ? null : Path.of(path);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The JVM exited while recording: keep the recording it wrote on exit, or rebuild it from JFR's repository. */
    private static AttachResult afterExit(JvmConnection jvm, Path exitDump, Path jfrOut, long recordingStart,
                                          List<String> warnings, String engine, Path repository)
            throws AttachException, IOException {
        long pid = jvm.pid();
        // the JVM writes the exit dump in a shutdown hook, before it is gone; wait until it is
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (jvm.isAlive() && System.nanoTime() < deadline) sleep(POLL_MILLIS);
        String after = String.format("%.1f s", (System.nanoTime() - recordingStart) / 1e9);
        if (Files.isRegularFile(exitDump) && Files.size(exitDump) > 0) {
            Files.move(exitDump, jfrOut, StandardCopyOption.REPLACE_EXISTING);
            warnings.add("JVM " + pid + " exited after " + after + " of recording: the profile holds what it recorded until then");
            return new AttachResult(jfrOut, List.<ThreadActivity>of(), warnings, engine, jvm.vmVersion());
        }
        if (repository != null && Files.isDirectory(repository) && FlushedChunks.copy(repository, jfrOut)) {
            warnings.add("JVM " + pid + " was killed after " + after + " of recording: the profile is rebuilt from its"
                    + " Flight Recorder repository and ends at the last flush (up to a second before it died)");
            return new AttachResult(jfrOut, List.<ThreadActivity>of(), warnings, engine, jvm.vmVersion());
        }
        throw new AttachException(Reason.TARGET_EXITED,
                "JVM " + pid + " exited after " + after + " of recording, before jprof could save the recording");
    }

    private static void checkArguments(Duration duration, Path jfrOut) {
        Objects.requireNonNull(jfrOut, "jfrOut");
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            throw new IllegalArgumentException("duration must be positive");
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long millisSince(long nanoTime) {
        return (System.nanoTime() - nanoTime) / 1_000_000;
    }

    private static void debug(String format, Object... args) {
        if (DEBUG) System.err.println("jprof: " + String.format(format, args));
    }
}
