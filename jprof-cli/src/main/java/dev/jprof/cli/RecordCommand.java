package dev.jprof.cli;

import dev.jprof.capture.Mode;
import dev.jprof.capture.ProfileFormatException;
import dev.jprof.capture.SamplingSettings;
import dev.jprof.capture.attach.AttachException;
import dev.jprof.capture.attach.AttachRecording;
import dev.jprof.capture.engine.AsyncEngine;
import dev.jprof.capture.engine.EngineChoice;
import dev.jprof.capture.attach.AttachResult;
import dev.jprof.capture.jfr.AllocationProfileReader;
import dev.jprof.capture.jfr.JfrProfileReader;
import dev.jprof.capture.jfr.LockProfileReader;
import dev.jprof.capture.jfr.NoLockWaitsException;
import dev.jprof.capture.jfr.file.JfrFile;
import dev.jprof.capture.launch.LaunchRecorder;
import dev.jprof.capture.launch.LaunchResult;
import dev.jprof.model.Attributes;
import dev.jprof.model.Profile;
import dev.jprof.render.Format;
import dev.jprof.transform.Profiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

@Command(name = "record", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Sample a JVM: launch a command under the profiler, or attach to a running JVM by pid.",
                "Writes the profile when the program exits, when --duration ends, or on Ctrl-C."},
        footer = {"", "Examples:",
                "  jprof record -o profile.html -- java -jar app.jar args",
                "  jprof record --pid 4242 --duration 30s -o profile.html",
                "  jprof record --mode wall --threads -o wall.html -- java -cp app.jar Main",
                "  jprof record --mode alloc -o alloc.html -- java -jar app.jar",
                "  jprof record --mode lock -o locks.html -- java -jar app.jar",
                "  jprof record -o profile.jfr -- ./run-tests.sh        (every JVM the script starts is profiled)",
                "  jprof record --requests slower-than=500ms --keep 50 -o profiles/ -- java -jar server.jar"})
public final class RecordCommand implements Callable<Integer> {
    @Option(names = {"-p", "--pid"}, paramLabel = "PID", description = "Attach to this running JVM instead of launching a command.")
    Long pid;

    @Option(names = {"-d", "--duration"}, paramLabel = "TIME", converter = DurationConverter.class,
            description = "How long to record (30s, 2m). Default: until the program exits, or Ctrl-C when attached.")
    Duration duration;

    @Option(names = {"-m", "--mode"}, paramLabel = "MODE", defaultValue = "cpu",
            description = "cpu (default): threads running Java code, weighted by CPU time; "
                    + "wall: every thread whatever its state (sleeping, waiting, blocked, native included); "
                    + "alloc: where memory is allocated, bytes by allocating stack, the allocated type on top "
                    + "(JFR's allocation samples, one per --interval on average in the whole JVM); "
                    + "lock: who waited for which lock, and how long (contended synchronized blocks and java.util.concurrent locks; "
                    + "the JFR engine takes waits of 100us or more, the async engine samples every 10us of waiting: --lock-threshold), the lock's class on top; "
                    + "cpu,alloc or wall,lock (or cpu,alloc,lock): several in one run, the allocations written to FILE-alloc.ext, "
                    + "the lock waits to FILE-lock.ext.")
    String mode;

    @Option(names = {"-i", "--interval"}, paramLabel = "TIME", converter = DurationConverter.class, defaultValue = "10ms",
            description = "Time between two samples of a thread (default ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--lock-threshold", paramLabel = "TIME", converter = DurationConverter.class,
            description = "With lock waits: the JFR engine records the waits that last TIME or longer (default 100us); "
                    + "the async engine takes one sample per TIME of waiting in all, as async-profiler's --lock (default 10us).")
    Duration lockThreshold;

    @Option(names = {"-e", "--engine"}, paramLabel = "ENGINE", defaultValue = EngineChoice.AUTO,
            description = "What samples: auto (default): async-profiler where it loads (Linux x64 and arm64), else JFR; "
                    + "async: async-profiler (sees native code, the JVM and the kernel; --native shows their frames); "
                    + "jfr: the JVM's own Flight Recorder, no native code loaded into the target.")
    String engine;

    @Option(names = "--per-process",
            description = "When the command starts several JVMs, write one output per JVM (FILE-PID.ext) instead of one merged profile with a [pid N] root per JVM.")
    boolean perProcess;

    @Option(names = "--requests", paramLabel = "slower-than=TIME",
            description = "Watch every web request of the server (com.sun.net.httpserver, Servlet) and keep the profile of each one "
                    + "slower than TIME, one jprof JSON file per request in -o DIR (sampled every TIME/100, 1ms to 10ms, unless --interval says otherwise).")
    String requests;

    @Option(names = "--keep", paramLabel = "N", defaultValue = "50",
            description = "With --requests: keep the newest N profiles in DIR, the oldest removed first (default ${DEFAULT-VALUE}).")
    int keep;

    @Option(names = "--keep-size", paramLabel = "SIZE", defaultValue = "100m", converter = SizeConverter.class,
            description = "With --requests: keep at most SIZE of profiles in DIR (100m, 1g; default ${DEFAULT-VALUE}).")
    long keepBytes;

    @Spec
    CommandSpec spec;

    @Mixin
    ViewOptions view = new ViewOptions();

    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command to launch, after --.")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (requests != null) {
            boolean intervalGiven = spec.commandLine().getParseResult().hasMatchedOption("--interval");
            RecordRequests watch = new RecordRequests(requests, intervalGiven ? interval : null, view.output, keep, keepBytes, messages());
            if (pid != null) {
                if (!command.isEmpty()) throw new UserError("give either --pid or a command to launch, not both");
                if (duration != null && (duration.isNegative() || duration.isZero())) throw new UserError("--duration must be positive");
                return watch.attach(pid, duration);
            }
            if (command.isEmpty()) throw new UserError("nothing to profile: give a command after -- or --pid PID");
            return watch.launch(command);
        }
        SamplingSettings settings;
        try {
            settings = SamplingSettings.parse(mode, interval);
            if (lockThreshold != null) settings = settings.withLockThreshold(lockThreshold);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            throw new UserError("--duration must be positive");
        }
        EngineChoice choice;
        try {
            choice = EngineChoice.choose(engine, settings);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        ProfileOutput output = new ProfileOutput(view);
        output.checkWritable();
        if (pid != null) {
            if (!command.isEmpty()) throw new UserError("give either --pid or a command to launch, not both");
            return attach(settings, choice, output);
        }
        if (command.isEmpty()) throw new UserError("nothing to profile: give a command after -- or --pid PID");
        return launch(settings, choice, output);
    }

    /** Records the JVM for {@code duration} (null: until Ctrl-C); Ctrl-C ends it early, keeping the recording. */
    static AttachResult recordUntilStopped(AttachRecording recorder, long pid, Duration duration, Path jfr) throws IOException {
        AtomicBoolean stop = new AtomicBoolean();
        Interrupts interrupts = Interrupts.onInterrupt(() -> stop.set(true));
        try {
            return recorder.record(pid, duration, jfr, stop::get);
        } catch (AttachException e) {
            throw new UserError(e.getMessage());
        } finally {
            interrupts.restore();
        }
    }

    /**
     * Records with the chosen engine; when async-profiler cannot be loaded into this JVM (dynamic agents
     * refused, a library it cannot load), says so in one line and records with JFR.
     */
    private AttachResult attachWith(EngineChoice[] choice, SamplingSettings settings, Path jfr) throws IOException {
        warnFallback(choice[0]);
        AttachRecording withFallback = (target, time, out, stop) -> {
            try {
                return choice[0].engine().attach(settings).record(target, time, out, stop);
            } catch (AttachException e) {
                if (e.reason() != AttachException.Reason.AGENT_FAILED || !(choice[0].engine() instanceof AsyncEngine)) throw e;
                choice[0] = EngineChoice.fallback(e.getMessage());
                warnFallback(choice[0]);
                return choice[0].engine().attach(settings).record(target, time, out, stop);
            }
        };
        return recordUntilStopped(withFallback, pid, duration, jfr);
    }

    private void warnFallback(EngineChoice choice) {
        if (choice.fallback() != null) messages().println("jprof: warning: " + choice.fallback());
    }

    private int attach(SamplingSettings settings, EngineChoice chosen, ProfileOutput output) throws IOException {
        Path work = WorkDir.create();
        try {
            Path jfr = work.resolve(pid + ".jfr");
            if (duration == null) System.err.println("jprof: recording " + pid + ", press Ctrl-C to stop");
            EngineChoice[] choice = {chosen};
            AttachResult result = attachWith(choice, settings, jfr);
            if (output.format() == Format.JFR) {
                output.write(null, List.of(result.recording()), messages());
                for (String warning : result.warnings()) messages().println("jprof: warning: " + warning);
                return 0;
            }
            Map<String, String> about = new java.util.HashMap<>(Map.of(Attributes.TARGET, "pid " + pid,
                    Attributes.JVM_VERSION, String.valueOf(result.targetVersion()), Attributes.ENGINE_CHOICE, choice[0].reason()));
            if (!(choice[0].engine() instanceof AsyncEngine)) about.put(Attributes.ENGINE, result.engine());
            ProfileFormatException noMainProfile = null;
            try {
                Profile recorded = settings.mode() == Mode.LOCK ? LockProfileReader.read(result.recording())
                        : settings.mode() == Mode.ALLOC ? JfrProfileReader.read(result.recording(), result.activity())
                        : JfrProfileReader.readSamples(result.recording(), result.activity());
                output.write(recorded.annotate(about, result.warnings()), List.of(result.recording()), messages());
            } catch (NoLockWaitsException e) {
                throw new UserError("no lock profile written: " + e.reason());
            } catch (ProfileFormatException e) {
                if (settings.modes().size() == 1) throw e;
                noMainProfile = e; // the other profiles of the run may still have something to show
            }
            if (settings.allocations()) {
                Profile allocations = AllocationProfileReader.read(result.recording())
                        .annotate(Map.of(Attributes.TARGET, "pid " + pid, Attributes.JVM_VERSION, String.valueOf(result.targetVersion()),
                                Attributes.ENGINE_CHOICE, choice[0].reason()), List.of());
                output.forAllocations().write(allocations, List.of(result.recording()), messages());
            }
            if (settings.locks()) {
                writeLocks(() -> {
                    Profile locks = LockProfileReader.read(result.recording())
                            .annotate(Map.of(Attributes.TARGET, "pid " + pid, Attributes.JVM_VERSION, String.valueOf(result.targetVersion()),
                                    Attributes.ENGINE_CHOICE, choice[0].reason()), List.of());
                    output.forLocks().write(locks, List.of(result.recording()), messages());
                });
            }
            if (noMainProfile != null) throw noMainProfile;
            return 0;
        } finally {
            WorkDir.delete(work);
        }
    }

    private int launch(SamplingSettings settings, EngineChoice choice, ProfileOutput output) throws IOException {
        Path work = WorkDir.create();
        try {
            warnFallback(choice);
            LaunchResult result;
            try {
                result = new LaunchRecorder(choice.engine(), settings, work).run(command);
            } catch (IOException e) {
                throw new UserError(e.getMessage(), 127);
            }
            int exit = result.exitCode();
            for (long pid : result.killed()) {
                messages().println("jprof: warning: JVM " + pid + " was killed before it wrote its recording;"
                        + " its profile is rebuilt from JFR's repository and ends at the last flush (up to a second before it died)");
            }
            List<Path> recordings = choice.engine() instanceof AsyncEngine ? finished(result.recordings()) : result.recordings();
            if (recordings.isEmpty()) {
                if (!result.recordings().isEmpty()) throw new UserError("no profile: every JVM was killed before async-profiler wrote its recording", exit != 0 ? exit : 3);
                throw new UserError("no JVM ran under the profiler ('" + command.get(0) + "' exited with code " + exit + ")",
                        exit != 0 ? exit : 3);
            }
            if (output.format() == Format.JFR) {
                output.write(null, recordings, messages());
                return exit;
            }
            ProfileFormatException noMainProfile = null;
            try {
                writeProfiles(recordings, settings.mode() == Mode.LOCK ? LockProfileReader::read : JfrProfileReader::read, output, choice);
            } catch (NoLockWaitsException e) {
                throw new UserError("no lock profile written: " + e.reason());
            } catch (ProfileFormatException e) {
                if (settings.modes().size() == 1) throw e;
                noMainProfile = e; // the other profiles of the run may still have something to show
            }
            if (settings.allocations()) writeProfiles(recordings, AllocationProfileReader::read, output.forAllocations(), choice);
            if (settings.locks()) writeLocks(() -> writeProfiles(recordings, LockProfileReader::read, output.forLocks(), choice));
            if (noMainProfile != null) throw noMainProfile;
            return exit;
        } finally {
            WorkDir.delete(work);
        }
    }

    private interface Writing {
        void run() throws IOException;
    }

    /** The lock waits beside another profile: a run without any is worth a line, not a failure. */
    private void writeLocks(Writing writing) throws IOException {
        try {
            writing.run();
        } catch (NoLockWaitsException e) {
            messages().println("jprof: no lock profile written: " + e.reason());
        }
    }

    /**
     * The recordings async-profiler finished; it writes a JVM's recording as the JVM exits, so one that
     * was killed outright leaves a first chunk that never got its size and constant pools.
     */
    private List<Path> finished(List<Path> recordings) {
        List<Path> finished = new ArrayList<>();
        for (Path recording : recordings) {
            try {
                JfrFile.chunks(recording);
                finished.add(recording);
            } catch (IOException | RuntimeException e) {
                messages().println("jprof: warning: JVM " + recording.getFileName().toString().replace(".jfr", "")
                        + " was killed before async-profiler wrote its recording, so it has no profile"
                        + " (--engine jfr keeps a killed JVM's profile up to JFR's last flush)");
            }
        }
        return finished;
    }

    private interface RecordingReader {
        Profile read(Path recording) throws IOException;
    }

    /** One profile of every recording, or one merged under a [pid N] root per JVM. */
    private void writeProfiles(List<Path> recordings, RecordingReader reader, ProfileOutput output, EngineChoice choice) throws IOException {
        List<Profile> profiles = new ArrayList<>();
        List<String> roots = new ArrayList<>();
        for (Path recording : recordings) {
            profiles.add(reader.read(recording));
            roots.add("[pid " + recording.getFileName().toString().replace(".jfr", "") + "]");
        }
        Map<String, String> target = Map.of(Attributes.TARGET, String.join(" ", command), Attributes.ENGINE_CHOICE, choice.reason());
        if (profiles.size() == 1 || perProcess) {
            for (int i = 0; i < profiles.size(); i++) {
                ProfileOutput each = profiles.size() == 1 ? output : output.forProcess(roots.get(i));
                each.write(profiles.get(i).annotate(target, List.of()), List.of(recordings.get(i)), messages());
            }
        } else {
            output.write(Profiles.mergeWithRoots(profiles, roots).annotate(target, List.of()), recordings, messages());
        }
    }

    private java.io.PrintStream messages() {
        return System.err;
    }
}
