package dev.jprof.capture.launch;

import dev.jprof.capture.Mode;
import dev.jprof.capture.SamplingSettings;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Real JVMs launched under the profiler, their recordings read back with JFR's reader and compared with
 * what the test programs (dev.jprof.testapps) know they did. On JDK 17 and, when installed, JDK 25.
 */
class LaunchRecorderIT {
    static final Path TEST_CLASSES = Path.of(System.getProperty("jprof.testClasses", "target/test-classes")).toAbsolutePath();
    static final Duration INTERVAL = Duration.ofMillis(10);

    @TempDir
    Path dir;

    static String java17() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static Optional<String> java25() {
        Path java = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
        return Files.isExecutable(java) ? Optional.of(java.toString()) : Optional.empty();
    }

    static Stream<String> javas() {
        return Stream.concat(Stream.of(java17()), java25().stream());
    }

    static boolean isJdk25(String java) {
        return java.contains("temurin-25");
    }

    private Path truth() {
        return dir.resolve("truth.txt");
    }

    private List<String> javaCommand(String java, String app, String... args) {
        List<String> command = new ArrayList<>(List.of(java, "-Dtestapps.truth=" + truth(), "-cp", TEST_CLASSES.toString(),
                "dev.jprof.testapps." + app));
        command.addAll(List.of(args));
        return command;
    }

    private Path output() {
        return dir.resolve("output.txt");
    }

    /** Runs the command under the profiler; the program's output goes to a file, and must hold no complaint of the agent. */
    private LaunchResult launch(Mode mode, List<String> command) throws IOException {
        LaunchResult result = new LaunchRecorder(new SamplingSettings(mode, INTERVAL), dir.resolve("work"))
                .outputTo(output()).run(command);
        String output = Files.exists(output()) ? Files.readString(output()) : "";
        assertThat(output).as("the program's output").doesNotContain("jprof agent:").doesNotContain("Exception");
        return result;
    }

    private Recorded only(LaunchResult result) throws IOException {
        assertThat(result.recordings()).hasSize(1);
        Path file = result.recordings().get(0);
        assertThat(file.getFileName().toString()).matches("\\d+\\.jfr");
        return Recorded.read(file);
    }

    private String truthLine(String prefix) throws IOException {
        return Files.readAllLines(truth(), StandardCharsets.UTF_8).stream().filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no '" + prefix + "' in " + truth()));
    }

    private static double number(String line, String key) {
        Matcher m = Pattern.compile(key + "=([0-9.]+)").matcher(line);
        if (!m.find()) throw new AssertionError("no " + key + " in " + line);
        return Double.parseDouble(m.group(1));
    }

    @ParameterizedTest
    @MethodSource("javas")
    void cpuModeFindsTheHotMethodsInTheirShares(String java) throws Exception {
        Recorded r = only(launch(Mode.CPU, javaCommand(java, "CpuSplit", "2.5", "1")));

        RecordedEvent info = r.recordingInfo();
        assertThat(info.getString("mode")).isEqualTo("cpu");
        assertThat(info.getLong("intervalNanos")).isEqualTo(INTERVAL.toNanos());
        assertThat(info.getString("engine")).isEqualTo(isJdk25(java) ? "jfr-cpu-time" : "jfr-execution-sample");
        assertThat(info.getBoolean("debugNonSafepoints")).isTrue();

        Map<String, Long> top = r.samplesByTopFrame();
        long alpha = top.getOrDefault("CpuSplit.alpha", 0L);
        long beta = top.getOrDefault("CpuSplit.beta", 0L);
        long gamma = top.getOrDefault("CpuSplit.gamma", 0L);
        long all = alpha + beta + gamma;
        assertThat(all).as(r + " " + top).isGreaterThan(60);
        assertThat((double) alpha / all).as(top.toString()).isCloseTo(0.5, within(0.12));
        assertThat((double) beta / all).as(top.toString()).isCloseTo(0.3, within(0.12));
        assertThat((double) gamma / all).as(top.toString()).isCloseTo(0.2, within(0.12));

        double cpuMs = number(truthLine("split"), "cpuMs");
        double measured = r.cpuNanos(t -> t.equals("cpusplit-0")) / 1e6;
        assertThat(measured).as("jprof.ThreadActivity cpuNanos of cpusplit-0").isCloseTo(cpuMs, within(Math.max(50, cpuMs * 0.1)));
    }

    @ParameterizedTest
    @MethodSource("javas")
    void wallModeSeesBlockedAndSleepingThreads(String java) throws Exception {
        Recorded r = only(launch(Mode.WALL, javaCommand(java, "BlockedThread", "2")));
        assertThat(r.recordingInfo().getString("mode")).isEqualTo("wall");

        long blocked = r.waitCount("blocked", "BLOCKED", "enterLock");
        long holder = r.waitCount("holder", "TIMED_WAITING", "holdLock");
        // 2 s at 10 ms: 200 ticks, fewer on a busy machine
        assertThat(blocked).as(r.toString()).isBetween(80L, 215L);
        assertThat(holder).as(r.toString()).isBetween(80L, 215L);
        assertThat((double) blocked).isCloseTo(holder, within(holder * 0.15));
        assertThat(r.waits(e -> "blocked".equals(Recorded.thread(e)) && !e.getString("state").equals("BLOCKED")))
                .as("the blocked thread is only ever blocked").isLessThan(5);
    }

    @Test
    void wallModeSplitsComputeFromSleep() throws Exception {
        Recorded r = only(launch(Mode.WALL, javaCommand(java17(), "SleepSplit", "2.5", "30")));
        double compute = number(truthLine("wall"), "compute") / 100;
        long running = r.runnableTicks("main");
        long sleeping = r.waitCount("main", "TIMED_WAITING", "pause");
        assertThat(running + sleeping).as(r.toString()).isGreaterThan(120);
        assertThat((double) running / (running + sleeping)).as("running %d, sleeping %d", running, sleeping)
                .isCloseTo(compute, within(0.1));
        assertThat(r.samplesByTopFrame()).containsKey("SleepSplit.compute");
    }

    @ParameterizedTest
    @MethodSource("javas")
    void exitCodeOfSystemExitPassesThroughWithTheRecording(String java) throws Exception {
        LaunchResult result = launch(Mode.CPU, javaCommand(java, "ExitCode", "3", "800"));
        assertThat(result.exitCode()).isEqualTo(3);
        Recorded r = only(result);
        assertThat(r.recordingInfo()).isNotNull();
        assertThat(r.samplesByTopFrame()).as(r.toString()).containsKey("ExitCode.work");
        assertThat(r.cpuNanos(t -> t.equals("main") || t.equals("DestroyJavaVM"))).isGreaterThan(300_000_000L);
    }

    @ParameterizedTest
    @MethodSource("javas")
    void sigtermToTheProgramStillWritesACompleteRecording(String java) throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            Future<LaunchResult> running = executor.submit(() -> launch(Mode.WALL, javaCommand(java, "Spin", "60")));
            ProcessHandle spin = awaitProgram("testapps.Spin", running);
            awaitReady(running);
            Thread.sleep(1500);
            assertThat(spin.destroy()).isTrue(); // SIGTERM
            LaunchResult result = running.get(60, TimeUnit.SECONDS);
            assertThat(result.exitCode()).isEqualTo(143);
            Recorded r = only(result);
            assertThat(r.samplesByTopFrame()).as(r.toString()).containsKey("Spin.spin");
            assertThat(r.waitCount("sleeper", "TIMED_WAITING", "nap")).as(r.toString()).isGreaterThan(50);
        } finally {
            executor.shutdownNow();
            ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void scriptThatStartsJvmsGetsOneRecordingPerJvm() throws Exception {
        Path script = dir.resolve("two-jvms.sh");
        String second = java25().orElse(java17());
        Files.writeString(script, "#!/bin/sh\n"
                + String.join(" ", javaCommand(java17(), "ExitCode", "0", "200")) + "\n"
                + String.join(" ", javaCommand(second, "ExitCode", "4", "200")) + "\n"
                + "exit $?\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        LaunchResult result = launch(Mode.CPU, List.of(script.toString()));
        assertThat(result.exitCode()).isEqualTo(4);
        assertThat(result.recordings()).hasSize(2);
        for (Path file : result.recordings()) {
            Recorded r = Recorded.read(file);
            assertThat(r.recordingInfo().getString("mode")).isEqualTo("cpu");
        }
    }

    @Test
    void manyBusyThreadsEachGetTheirCpuTime() throws Exception {
        Recorded r = only(launch(Mode.CPU, javaCommand(java17(), "ManyThreads", "2", "32")));
        double total = number(truthLine("total"), "cpuMs");
        for (int i = 0; i < 32; i++) {
            String name = String.format("busy-%02d", i);
            assertThat(r.cpuNanos(name::equals)).as(name).isGreaterThan(0);
        }
        assertThat(r.cpuNanos(t -> t.startsWith("busy-")) / 1e6).isCloseTo(total, within(Math.max(60, total * 0.1)));
    }

    @Test
    void missingCommandIsOneClearLine() {
        assertThatThrownBy(() -> launch(Mode.CPU, List.of("no-such-command-jprof-test", "x")))
                .isInstanceOf(IOException.class)
                .hasMessage("cannot run 'no-such-command-jprof-test': no such file or directory");
        assertThatThrownBy(() -> launch(Mode.CPU, List.of("./no/such/program")))
                .hasMessage("cannot run './no/such/program': no such file or directory");
    }

    @Test
    void programThatIsNotExecutableIsOneClearLine() throws Exception {
        Path file = dir.resolve("not-executable.sh");
        Files.writeString(file, "#!/bin/sh\necho hi\n");
        assertThatThrownBy(() -> launch(Mode.CPU, List.of(file.toString())))
                .hasMessage("cannot run '" + file + "': permission denied");
    }

    /** The launched program's process, once it runs. */
    private static ProcessHandle awaitProgram(String marker, Future<?> running) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (running.isDone()) running.get();
            Optional<ProcessHandle> found = ProcessHandle.current().descendants()
                    .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false)).findFirst();
            if (found.isPresent()) return found.get();
            Thread.sleep(50);
        }
        throw new AssertionError("the program did not start");
    }

    private void awaitReady(Future<?> running) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (running.isDone()) running.get();
            if (Files.exists(truth()) && Files.readString(truth()).contains("ready")) return;
            Thread.sleep(50);
        }
        throw new AssertionError("the program did not say ready");
    }
}
