package dev.jprof.capture.attach;

import dev.jprof.capture.Mode;
import dev.jprof.capture.SamplingSettings;
import dev.jprof.capture.attach.AttachException.Reason;
import dev.jprof.capture.jfr.ThreadActivity;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Attaches to real JVMs (JDK 17, and JDK 25 where installed) running {@code AttachTarget}, records
 * with {@link AttachRecorder} from this (JDK 17) test JVM, and reads the recordings back.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class AttachRecorderIT {
    static final Path TEST_CLASSES = Path.of(System.getProperty("jprof.testClasses", "target/test-classes"));
    static final Path JAR = Path.of(System.getProperty("jprof.jar", "target/jprof.jar"));
    static final String TARGET_CLASS = "dev.jprof.testapps.AttachTarget";
    static final Duration RECORD = Duration.ofSeconds(2);

    /** AttachTarget's classes, copied once so that a rebuild of test-classes during the run cannot pull them away. */
    static Path targetClasses;

    @TempDir
    Path work;

    @BeforeAll
    static void copyTargetClasses() throws IOException {
        targetClasses = Files.createTempDirectory("attach-target-");
        Path from = TEST_CLASSES.resolve("dev/jprof/testapps");
        Path to = Files.createDirectories(targetClasses.resolve("dev/jprof/testapps"));
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("AttachTarget")).toList()) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
        // readable by the user "nobody" for the cross-user test
        for (Path p : List.of(targetClasses, targetClasses.resolve("dev"), targetClasses.resolve("dev/jprof"), to)) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @AfterAll
    static void deleteTargetClasses() throws IOException {
        try (Stream<Path> files = Files.walk(targetClasses)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    static Stream<String> javas() {
        List<String> javas = new ArrayList<>(List.of(java17()));
        java25().ifPresent(javas::add);
        return javas.stream();
    }

    static String java17() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static Optional<String> java25() {
        Path java = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
        return Files.isExecutable(java) ? Optional.of(java.toString()) : Optional.empty();
    }

    @ParameterizedTest
    @MethodSource("javas")
    void cpuModeSamplesTheHotMethodTwiceInARowAndLeavesTheJvmRunning(String java) throws Exception {
        try (TargetJvm target = TargetJvm.start(java)) {
            long roundsBefore = target.ping();
            AttachRecorder recorder = new AttachRecorder(new SamplingSettings(Mode.CPU, Duration.ofMillis(10)));
            for (int attempt = 1; attempt <= 2; attempt++) {
                Path jfr = work.resolve("cpu-" + attempt + ".jfr");
                AttachResult result = recorder.record(target.pid(), RECORD, jfr, () -> false);

                assertThat(result.recording()).isEqualTo(jfr);
                assertThat(result.engine()).endsWith("via FlightRecorderMXBean");
                boolean jdk25 = !java.equals(java17());
                assertThat(result.engine()).startsWith(jdk25 ? "jfr-cpu-time" : "jfr-execution-sample");
                assertThat(result.targetVersion()).startsWith(jdk25 ? "25" : "17");
                assertThat(result.warnings()).anyMatch(w -> w.startsWith("inlined methods are attributed to their callers"));

                List<RecordedEvent> samples = samples(jfr, "main");
                assertThat(samples).as("samples of the main thread").hasSizeGreaterThanOrEqualTo(10);
                long onHotMethod = samples.stream().filter(e -> topIs(e, TARGET_CLASS, "hotMethod")).count();
                assertThat(onHotMethod).as("samples with AttachTarget.hotMethod on top, of " + samples.size())
                        .isGreaterThanOrEqualTo(samples.size() * 8 / 10);

                ThreadActivity main = result.activity().stream().filter(a -> a.threadName().equals("main")).findFirst().orElseThrow();
                assertThat(main.cpuNanos()).isGreaterThan(RECORD.toNanos() / 20);
                assertThat(main.endNanos() - main.startNanos()).isBetween(RECORD.toNanos(), RECORD.toNanos() + 10_000_000_000L);
                assertThat(main.runnableTicks()).isZero();
            }
            assertThat(target.ping()).as("the hot loop still runs").isGreaterThan(roundsBefore);
            assertNothingOfOursLeft(target.pid());
        }
    }

    @ParameterizedTest
    @MethodSource("javas")
    void wallModeSeesTheSleepingThreadAndStopsItsSampler(String java) throws Exception {
        try (TargetJvm target = TargetJvm.start(java)) {
            AttachRecorder recorder = new AttachRecorder(new SamplingSettings(Mode.WALL, Duration.ofMillis(10)));
            for (int attempt = 1; attempt <= 2; attempt++) {
                Path jfr = work.resolve("wall-" + attempt + ".jfr");
                AttachResult result = recorder.record(target.pid(), RECORD, jfr, () -> false);

                assertThat(result.engine()).contains("+ jprof wall sampler via FlightRecorderMXBean");
                List<RecordedEvent> events = RecordingFile.readAllEvents(jfr);
                List<RecordedEvent> sleeping = events.stream()
                        .filter(e -> e.getEventType().getName().equals("jprof.WaitSample"))
                        .filter(e -> "attach-sleeper".equals(e.getThread("sampledThread").getJavaName()))
                        .toList();
                assertThat(sleeping).as("wait samples of the sleeping thread").isNotEmpty();
                assertThat(sleeping).allMatch(e -> e.getString("stack").contains("sleepyMethod"));
                assertThat(sleeping.stream().mapToLong(e -> e.getInt("count")).sum()).isGreaterThanOrEqualTo(50);
                if (!java.equals(java17())) {
                    assertThat(result.warnings()).anyMatch(w -> w.contains("dynamically loaded agent"));
                }
            }
            assertThat(target.ping()).isPositive();
            assertNothingOfOursLeft(target.pid());
        }
    }

    @Test
    void theJvmsOwnRecordingIsLeftAlone() throws Exception {
        try (TargetJvm target = TargetJvm.start(java17(), "-XX:StartFlightRecording:name=own,settings=default")) {
            String before = jcmd(target.pid(), "JFR.check verbose=true");
            assertThat(before).contains("name=own").contains("(running)");

            new AttachRecorder(SamplingSettings.defaults()).record(target.pid(), RECORD, work.resolve("own.jfr"), null);

            String after = jcmd(target.pid(), "JFR.check verbose=true");
            assertThat(after).isEqualTo(before).doesNotContain("jprof");
        }
    }

    @Test
    void aJvmThatExitsWhileRecordedKeepsWhatItRecorded() throws Exception {
        try (TargetJvm target = TargetJvm.start(java17())) {
            AtomicBoolean told = new AtomicBoolean();
            AttachResult result = new AttachRecorder(SamplingSettings.defaults()).record(target.pid(), Duration.ofSeconds(30),
                    work.resolve("exit.jfr"), () -> {
                        // first asked once the recording runs: let it run a second, then have the program exit
                        if (told.compareAndSet(false, true)) target.sendLater("exit", 1_000);
                        return false;
                    });
            assertThat(result.warnings()).anyMatch(w -> w.matches("JVM " + target.pid()
                    + " exited after [0-9.]+ s of recording: the profile holds what it recorded until then"));
            assertThat(samples(result.recording(), "main")).isNotEmpty();
            assertThat(result.activity()).isEmpty();
        }
    }

    @Test
    void aJvmWithoutFlightRecorderMXBeanIsRecordedThroughDiagnosticCommands() throws Exception {
        Path jlink = Path.of(System.getProperty("java.home"), "bin", "jlink");
        assumeThat(Files.isExecutable(jlink)).as("jlink available").isTrue();
        Path runtime = work.resolve("runtime");
        Process link = new ProcessBuilder(jlink.toString(), "--add-modules",
                "java.base,java.management,jdk.management,jdk.management.agent,jdk.jfr", "--output", runtime.toString())
                .redirectErrorStream(true).start();
        String linkOutput = new String(link.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(link.waitFor()).as(linkOutput).isZero();
        try (TargetJvm target = TargetJvm.start(runtime.resolve("bin/java").toString())) {
            AttachResult result = new AttachRecorder(SamplingSettings.defaults())
                    .record(target.pid(), RECORD, work.resolve("dcmd.jfr"), () -> false);
            assertThat(result.engine()).isEqualTo("jfr-execution-sample via DiagnosticCommand");
            List<RecordedEvent> samples = samples(result.recording(), "main");
            assertThat(samples).hasSizeGreaterThanOrEqualTo(10);
            assertThat(samples.stream().filter(e -> topIs(e, TARGET_CLASS, "hotMethod")).count())
                    .isGreaterThanOrEqualTo(samples.size() * 8 / 10);
            assertThat(target.ping()).isPositive();
            assertThat(jcmd(target.pid(), "JFR.check")).contains("No available recordings");
        }
    }

    @Test
    void unknownPid() {
        long pid = unusedPid();
        assertThatThrownBy(() -> new AttachRecorder(SamplingSettings.defaults()).record(pid, RECORD, work.resolve("x.jfr"), null))
                .isInstanceOf(AttachException.class)
                .hasMessage("no process with pid " + pid)
                .extracting(e -> ((AttachException) e).reason()).isEqualTo(Reason.NO_SUCH_PROCESS);
    }

    @Test
    void aProcessThatIsNotAJvmIsNeitherAttachedNorSignalled() throws Exception {
        Process sleep = new ProcessBuilder("sleep", "60").start();
        try {
            assertThatThrownBy(() -> JvmConnection.open(sleep.pid()))
                    .isInstanceOf(AttachException.class)
                    .hasMessage("process " + sleep.pid() + " (sleep) is not a Java VM")
                    .extracting(e -> ((AttachException) e).reason()).isEqualTo(Reason.NOT_A_JVM);
            assertThat(sleep.isAlive()).as("sleep got no SIGQUIT").isTrue();
        } finally {
            sleep.destroyForcibly().waitFor();
        }
    }

    @Test
    void aJvmWithAttachDisabled() throws Exception {
        try (TargetJvm target = TargetJvm.start(java17(), "-XX:+DisableAttachMechanism")) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> JvmConnection.open(target.pid()))
                    .isInstanceOf(AttachException.class)
                    .hasMessage("JVM " + target.pid() + " was started with -XX:+DisableAttachMechanism")
                    .extracting(e -> ((AttachException) e).reason()).isEqualTo(Reason.ATTACH_DISABLED);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            // still answering; its first round of work may not have finished yet, so only the answer counts
            assertThat(target.ping()).isNotNegative();
        }
    }

    @Test
    void jprofItself() {
        long self = ProcessHandle.current().pid();
        assertThatThrownBy(() -> JvmConnection.open(self))
                .isInstanceOf(AttachException.class)
                .hasMessage("pid " + self + " is jprof itself: give the pid of another JVM");
    }

    @Test
    void wallModeInAJvmThatRefusesAgents() throws Exception {
        Optional<String> java25 = java25();
        assumeThat(java25).isPresent();
        try (TargetJvm target = TargetJvm.start(java25.get(), "-XX:-EnableDynamicAgentLoading")) {
            assertThatThrownBy(() -> new AttachRecorder(new SamplingSettings(Mode.WALL, Duration.ofMillis(10)))
                    .record(target.pid(), RECORD, work.resolve("x.jfr"), null))
                    .isInstanceOf(AttachException.class)
                    .hasMessageStartingWith("JVM " + target.pid() + " was started with -XX:-EnableDynamicAgentLoading")
                    .extracting(e -> ((AttachException) e).reason()).isEqualTo(Reason.AGENT_FAILED);
            assertNothingOfOursLeft(target.pid());
            assertThat(target.ping()).isPositive();
        }
    }

    @Test
    void theCommandLineGivesOneLineForANonJvm() throws Exception {
        assumeThat(Files.isRegularFile(JAR)).as("jprof.jar built").isTrue();
        Process sleep = new ProcessBuilder("sleep", "60").start();
        try {
            Process jprof = new ProcessBuilder(java17(), "-jar", JAR.toAbsolutePath().toString(), "record",
                    "--pid", Long.toString(sleep.pid()), "--duration", "1s", "-o", work.resolve("x.html").toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            String stderr = new String(jprof.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(jprof.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(jprof.exitValue()).isNotZero();
            assertThat(stderr.strip()).isEqualTo("jprof: process " + sleep.pid() + " (sleep) is not a Java VM");
            assertThat(sleep.isAlive()).isTrue();
        } finally {
            sleep.destroyForcibly().waitFor();
        }
    }

    @Test
    void rootAttachesToAnotherUsersJvmAndThatUserCannotAttachToRoots() throws Exception {
        assumeThat(ProcessProbe.ownUid()).as("running as root").isZero();
        assumeThat(Files.isExecutable(Path.of("/usr/bin/setpriv"))).isTrue();
        assumeThat(Files.isRegularFile(JAR)).as("jprof.jar built").isTrue();
        List<String> asNobody = List.of("/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups");
        assumeThat(readableByAll(targetClasses) && readableByAll(JAR)).as("classes and jar readable by nobody").isTrue();
        try (TargetJvm target = TargetJvm.start(asNobody, java17())) {
            AttachResult result = new AttachRecorder(new SamplingSettings(Mode.WALL, Duration.ofMillis(10)))
                    .record(target.pid(), Duration.ofSeconds(1), work.resolve("nobody.jfr"), null);
            assertThat(samples(result.recording(), "main")).isNotEmpty();
            assertThat(target.ping()).isPositive();
        }
        try (TargetJvm ours = TargetJvm.start(java17())) {
            List<String> command = new ArrayList<>(asNobody);
            command.addAll(List.of(java17(), "-jar", JAR.toAbsolutePath().toString(), "record", "--pid",
                    Long.toString(ours.pid()), "--duration", "1s", "-o", "/tmp/never-written.html"));
            Process jprof = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            String stderr = new String(jprof.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(jprof.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(stderr.strip()).isEqualTo("jprof: process " + ours.pid() + " belongs to another user (root): run jprof as that user");
        }
    }

    // ---- helpers

    private static boolean readableByAll(Path path) {
        for (Path p = path.toAbsolutePath(); p != null; p = p.getParent()) {
            try {
                if (!Files.getPosixFilePermissions(p).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ)) return false;
            } catch (IOException | UnsupportedOperationException e) {
                return false;
            }
        }
        return true;
    }

    /** ExecutionSample or CPUTimeSample events of the named thread. */
    static List<RecordedEvent> samples(Path jfr, String threadName) throws IOException {
        return RecordingFile.readAllEvents(jfr).stream()
                .filter(e -> e.getEventType().getName().equals("jdk.ExecutionSample")
                        || e.getEventType().getName().equals("jdk.CPUTimeSample"))
                .filter(e -> threadName.equals(sampledThread(e).getJavaName()))
                .toList();
    }

    private static RecordedThread sampledThread(RecordedEvent e) {
        return e.hasField("sampledThread") ? e.getThread("sampledThread") : e.getThread();
    }

    static boolean topIs(RecordedEvent event, String className, String method) {
        if (event.getStackTrace() == null || event.getStackTrace().getFrames().isEmpty()) return false;
        RecordedFrame top = event.getStackTrace().getFrames().get(0);
        return top.getMethod().getType().getName().equals(className) && top.getMethod().getName().equals(method);
    }

    /** No recording named jprof-*, no jprof thread and no sampler MBean in the JVM. */
    private static void assertNothingOfOursLeft(long pid) throws Exception {
        try (JvmConnection jvm = JvmConnection.open(pid)) {
            ObjectName recorder = new ObjectName("jdk.management.jfr:type=FlightRecorder");
            if (jvm.mbeans().isRegistered(recorder)) {
                CompositeData[] recordings = (CompositeData[]) jvm.mbeans().getAttribute(recorder, "Recordings");
                assertThat(Arrays.stream(recordings).map(r -> String.valueOf(r.get("name"))))
                        .noneMatch(name -> name.startsWith("jprof"));
            }
            assertThat(jvm.mbeans().isRegistered(new ObjectName(AttachRecorder.SAMPLER_MBEAN))).isFalse();
            long deadline = System.nanoTime() + 5_000_000_000L;
            List<String> ours;
            do {
                ours = Arrays.stream(jvm.threads().dumpAllThreads(false, false, 0))
                        .map(t -> t.getThreadName()).filter(name -> name.toLowerCase().contains("jprof")).toList();
            } while (!ours.isEmpty() && System.nanoTime() < deadline);
            assertThat(ours).as("jprof threads left running").isEmpty();
        }
    }

    private static String jcmd(long pid, String command) throws Exception {
        List<String> args = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid)));
        args.addAll(List.of(command.split(" ")));
        Process jcmd = new ProcessBuilder(args).redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        jcmd.waitFor(30, TimeUnit.SECONDS);
        return out;
    }

    private static long unusedPid() {
        long max = 32768;
        try {
            max = Long.parseLong(Files.readAllLines(Path.of("/proc/sys/kernel/pid_max")).get(0).trim());
        } catch (IOException | RuntimeException e) {
            // default
        }
        for (long pid = max - 1; pid > 1; pid--) {
            if (ProcessHandle.of(pid).isEmpty()) return pid;
        }
        throw new IllegalStateException("no free pid");
    }

    /** An AttachTarget JVM with a console on stdin/stdout; killed on close. */
    static final class TargetJvm implements AutoCloseable {
        private final Process process;
        private final Writer stdin;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final long pid;

        private TargetJvm(Process process, Path stderr) throws Exception {
            this.process = process;
            this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            Thread reader = new Thread(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = out.readLine()) != null) lines.add(line);
                } catch (IOException e) {
                    // process gone
                }
            }, "target-stdout");
            reader.setDaemon(true);
            reader.start();
            String ready = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline && (ready == null || !ready.startsWith("ready "))) {
                ready = lines.poll(200, TimeUnit.MILLISECONDS); // the JVM may log first (JFR startup)
                if (ready == null && !process.isAlive() && lines.isEmpty()) break;
            }
            if (ready == null || !ready.startsWith("ready ")) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("target did not start (" + (process.isAlive() ? "no 'ready' in 60 s" : "exit "
                        + process.exitValue()) + "): " + Files.readString(stderr));
            }
            // the launcher may be a wrapper (setpriv execs java, so the pid stays the same)
            this.pid = Long.parseLong(ready.substring("ready ".length()).trim());
        }

        static TargetJvm start(String java, String... jvmOptions) throws Exception {
            return start(List.of(), java, jvmOptions);
        }

        static TargetJvm start(List<String> prefix, String java, String... jvmOptions) throws Exception {
            List<String> command = new ArrayList<>(prefix);
            command.add(java);
            command.addAll(List.of(jvmOptions));
            command.addAll(List.of("-cp", targetClasses.toAbsolutePath().toString(), TARGET_CLASS));
            Path stderr = Files.createTempFile("attach-target-", ".err");
            stderr.toFile().deleteOnExit();
            Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
            return new TargetJvm(process, stderr);
        }

        long pid() {
            return pid;
        }

        /** Sends "ping" and returns the hot loop's round count from "pong N". */
        long ping() throws Exception {
            send("ping");
            String line;
            do {
                line = lines.poll(30, TimeUnit.SECONDS);
                if (line == null) throw new AssertionError("target did not answer ping");
            } while (!line.startsWith("pong "));
            return Long.parseLong(line.substring(5).trim());
        }

        void send(String line) throws IOException {
            stdin.write(line + "\n");
            stdin.flush();
        }

        void sendLater(String line, long millis) {
            Thread later = new Thread(() -> {
                try {
                    Thread.sleep(millis);
                    send(line);
                } catch (Exception e) {
                    // target gone
                }
            });
            later.setDaemon(true);
            later.start();
        }

        @Override
        public void close() throws Exception {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
