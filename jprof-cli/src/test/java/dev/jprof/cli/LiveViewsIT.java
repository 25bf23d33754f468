package dev.jprof.cli;

import dev.jprof.capture.json.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/** jprof list, dump and top against real JVMs (JDK 17, and JDK 25 where installed) running LiveTarget. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LiveViewsIT {
    @TempDir
    Path dir;

    static Stream<String> javas() {
        List<String> javas = new ArrayList<>(List.of(Jprof.java17()));
        Jprof.java25().ifPresent(javas::add);
        return javas.stream();
    }

    @ParameterizedTest
    @MethodSource("javas")
    void dumpShowsEachThreadInItsStateAndTheDeadlockWithBothLocks(String java) throws Exception {
        try (LiveJvm target = LiveJvm.start(java, 0, 120)) {
            Jprof.Result result = Jprof.run(dir, "dump", "--pid", Long.toString(target.pid()));
            assertThat(result.exitCode()).as(result.toString()).isZero();
            String out = result.stdout();
            assertThat(block(out, "live-spinner")).contains(" RUNNABLE").contains("at dev.jprof.testapps.LiveTarget.spinMethod(LiveTarget.java:");
            assertThat(block(out, "live-sleeper")).contains(" TIMED_WAITING").contains("LiveTarget.sleepMethod(LiveTarget.java:");
            String a = block(out, "deadlock-a");
            String b = block(out, "deadlock-b");
            assertThat(a).contains(" BLOCKED").contains("waiting to lock dev.jprof.testapps.LiveTarget$LockB@")
                    .contains("held by \"deadlock-b\"").contains("- locked dev.jprof.testapps.LiveTarget$LockA@");
            assertThat(b).contains(" BLOCKED").contains("waiting to lock dev.jprof.testapps.LiveTarget$LockA@")
                    .contains("held by \"deadlock-a\"").contains("- locked dev.jprof.testapps.LiveTarget$LockB@");
            assertThat(out).contains("1 DEADLOCK");
            String report = out.substring(out.indexOf("DEADLOCK: 2 threads wait for each other"));
            assertThat(report).contains("\"deadlock-a\"").contains("\"deadlock-b\"")
                    .contains("LiveTarget$LockA@").contains("LiveTarget$LockB@");
            assertThat(block(out, "main").lines().findFirst().orElseThrow()).doesNotContain(" daemon ");
            assertThat(block(out, "live-spinner")).contains(" daemon ").containsPattern("cpu=\\d+\\.\\d\\dms");
            if (!java.equals(Jprof.java17())) {
                assertThat(out).contains("1 virtual threads");
                assertThat(block(out, "live-virtual")).contains(" virtual TIMED_WAITING")
                        .contains("LiveTarget.sleepMethod(LiveTarget.java:");
            }
            assertThat(result.stderr()).isEmpty();
            assertThat(target.isAlive()).isTrue();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void dumpAsJsonNamesTheDeadlockedThreadsAndLocks() throws Exception {
        try (LiveJvm target = LiveJvm.start(Jprof.java17(), 0, 120)) {
            Jprof.Result result = Jprof.run(dir, "dump", "--pid", Long.toString(target.pid()), "--json");
            assertThat(result.exitCode()).as(result.toString()).isZero();
            Map<String, Object> dump = (Map<String, Object>) JsonParser.parse(result.stdout(), "stdout");
            assertThat(dump.get("format")).isEqualTo("jprof-threads");
            assertThat(dump.get("pid")).isEqualTo(target.pid());
            List<Map<String, Object>> threads = (List<Map<String, Object>>) dump.get("threads");
            Map<String, Object> sleeper = threads.stream().filter(t -> "live-sleeper".equals(t.get("name"))).findFirst().orElseThrow();
            assertThat(sleeper.get("state")).isEqualTo("TIMED_WAITING");
            assertThat(sleeper.get("daemon")).isEqualTo(true);
            List<Map<String, Object>> deadlocks = (List<Map<String, Object>>) dump.get("deadlocks");
            assertThat(deadlocks).hasSize(1);
            List<Map<String, Object>> cycle = (List<Map<String, Object>>) deadlocks.get(0).get("threads");
            assertThat(cycle).extracting(t -> t.get("name")).containsExactlyInAnyOrder("deadlock-a", "deadlock-b");
            assertThat(cycle).extracting(t -> ((Map<String, Object>) t.get("waitsFor")).get("class"))
                    .containsExactlyInAnyOrder("dev.jprof.testapps.LiveTarget$LockA", "dev.jprof.testapps.LiveTarget$LockB");
        }
    }

    @ParameterizedTest
    @MethodSource("javas")
    void topOnceRanksTheSpinningMethodFirstAndLeavesNoRecording(String java) throws Exception {
        try (LiveJvm target = LiveJvm.start(java, 0, 120)) {
            Jprof.Result result = Jprof.run(dir, "top", "--pid", Long.toString(target.pid()), "--once");
            assertThat(result.exitCode()).as(result.toString()).isZero();
            List<String> lines = result.stdout().lines().toList();
            int header = indexOf(lines, "%Own");
            assertThat(header).as(result.toString()).isPositive();
            assertThat(lines.get(header + 1)).as(result.toString()).endsWith("dev.jprof.testapps.LiveTarget.spinMethod (line "
                    + spinLine(lines.get(header + 1)) + ")");
            // auto: async-profiler, as record runs it
            assertThat(lines.get(0)).contains("pid " + target.pid()).containsPattern("async-profiler (perf_events|ctimer|itimer)");
            assertThat(lines.get(1)).containsPattern("Threads \\d+: \\d+ running, 2 blocked");
            assertThat(jcmd(java, target.pid(), "JFR.check")).contains("No available recordings");
            assertThat(jcmd(java, target.pid(), "Thread.print")).doesNotContain("jprof-watchdog");

            // two tables: JFR's samples arrive with its repository's flushes, about once a second; on JDK 25 the
            // CPU-time sampler will not share SIGPROF with the async-profiler that ran above, so top says execution samples
            Jprof.Result jfr = Jprof.run(dir, "top", "--engine", "jfr", "--pid", Long.toString(target.pid()), "--iterations", "2");
            assertThat(jfr.exitCode()).as(jfr.toString()).isZero();
            assertThat(jfr.stdout().lines().findFirst().orElse("")).contains("jfr-execution-sample via FlightRecorderMXBean");
            assertThat(jfr.stdout()).contains("dev.jprof.testapps.LiveTarget.spinMethod");
            assertThat(jcmd(java, target.pid(), "JFR.check")).contains("No available recordings");

            Jprof.Result lines2 = Jprof.run(dir, "top", "--pid", Long.toString(target.pid()), "--iterations", "2",
                    "--lines", "--threads", "--refresh", "500ms");
            assertThat(lines2.exitCode()).as(lines2.toString()).isZero();
            assertThat(lines2.stdout().lines().filter(l -> l.startsWith("jprof top")).count()).isEqualTo(2);
            assertThat(lines2.stdout()).containsPattern("\\[live-spinner] dev\\.jprof\\.testapps\\.LiveTarget\\.spinMethod:\\d+");
            assertThat(jcmd(java, target.pid(), "JFR.check")).contains("No available recordings");
            assertThat(target.isAlive()).isTrue();
        }
    }

    @Test
    void topSamplesWithThreadDumpsWhenTheJvmHasNoFlightRecorder() throws Exception {
        Path jlink = Path.of(System.getProperty("java.home"), "bin", "jlink");
        assumeThat(Files.isExecutable(jlink)).as("a JDK with jlink").isTrue();
        Path runtime = dir.resolve("no-jfr");
        Process build = new ProcessBuilder(jlink.toString(), "--add-modules",
                "java.base,java.management,jdk.management,jdk.management.agent", "--output", runtime.toString(),
                "--no-header-files", "--no-man-pages").redirectErrorStream(true).start();
        String log = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(build.waitFor()).as(log).isZero();
        try (LiveJvm target = LiveJvm.start(runtime.resolve("bin/java").toString(), 0, 120)) {
            Jprof.Result result = Jprof.run(dir, "top", "--engine", "jfr", "--pid", Long.toString(target.pid()), "--once");
            assertThat(result.exitCode()).as(result.toString()).isZero();
            List<String> lines = result.stdout().lines().toList();
            assertThat(lines.get(0)).contains("thread dumps over JMX").contains("safepoint-biased").contains("no JFR");
            int header = indexOf(lines, "%Own");
            assertThat(lines.get(header + 1)).as(result.toString()).contains("dev.jprof.testapps.LiveTarget.spinMethod");
        }
    }

    @Test
    void listShowsTheJvmWithItsMainClassAndVersionAndAnUnattachableOneWithTheReason() throws Exception {
        try (LiveJvm target = LiveJvm.start(Jprof.java17(), 0, 120);
             LiveJvm closed = LiveJvm.start(Jprof.java17(), 0, 120, "-XX:+DisableAttachMechanism")) {
            Jprof.Result result = Jprof.run(dir, "list");
            assertThat(result.exitCode()).as(result.toString()).isZero();
            String row = result.stdout().lines().filter(l -> l.trim().startsWith(target.pid() + " ")).findFirst().orElseThrow();
            assertThat(row).contains("dev.jprof.testapps.LiveTarget").contains(" 17.").endsWith(" ok");
            String refused = result.stdout().lines().filter(l -> l.trim().startsWith(closed.pid() + " ")).findFirst().orElseThrow();
            assertThat(refused).contains("no: ").contains("DisableAttachMechanism");
        }
    }

    /**
     * top in a real pseudo-terminal (util-linux script): full screen, a key switches to lines, Ctrl-C
     * quits; afterwards the terminal is back in line mode with echo and on its main screen.
     */
    @Test
    void topInATerminalTakesKeysAndRestoresTheTerminalOnCtrlC() throws Exception {
        assumeThat(Files.isExecutable(Path.of("/usr/bin/script"))).as("util-linux script").isTrue();
        try (LiveJvm target = LiveJvm.start(Jprof.java17(), 0, 120)) {
            // The shell running the command gets the Ctrl-C too: dash (/bin/sh, script's shell when SHELL is
            // unset, as on CI) would die of it before printing EXIT, so it traps it.
            String inner = "trap : INT; stty cols 160 rows 30; " + Jprof.java17() + " -jar " + Jprof.JAR.toAbsolutePath() + " top --pid "
                    + target.pid() + "; echo EXIT=$?; stty -a";
            ProcessBuilder builder = new ProcessBuilder("/usr/bin/script", "-qfec", inner, "/dev/null")
                    .directory(dir.toFile()).redirectErrorStream(true);
            builder.environment().put("SHELL", "/bin/sh");
            Process script = builder.start();
            StringBuilder screen = new StringBuilder();
            Thread reader = new Thread(() -> {
                try {
                    byte[] buffer = new byte[8192];
                    int n;
                    while ((n = script.getInputStream().read(buffer)) > 0) {
                        synchronized (screen) {
                            screen.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                        }
                    }
                } catch (java.io.IOException e) {
                    // ended
                }
            });
            reader.setDaemon(true);
            reader.start();
            waitFor(screen, "spinMethod (line ", 60);
            script.getOutputStream().write('l');
            script.getOutputStream().flush();
            waitFor(screen, "Method:line", 30);
            script.getOutputStream().write(3); // Ctrl-C: the terminal sends SIGINT to top
            script.getOutputStream().flush();
            assertThat(script.waitFor(60, TimeUnit.SECONDS)).as(text(screen)).isTrue();
            reader.join(5_000);
            String out = text(screen);
            assertThat(out).contains("\033[?1049h").contains("\033[?1049l").contains("EXIT=0");
            String after = out.substring(out.indexOf("EXIT=0"));
            assertThat(after).containsPattern("(^|\\s)icanon").containsPattern("(^|\\s)echo\\s").doesNotContain("-icanon");
            assertThat(jcmd(Jprof.java17(), target.pid(), "JFR.check")).contains("No available recordings");
        }
    }

    private static void waitFor(StringBuilder screen, String text, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!text(screen).contains(text)) {
            if (System.nanoTime() > deadline) throw new AssertionError("no '" + text + "' on the screen:\n" + text(screen));
            Thread.sleep(100);
        }
    }

    private static String text(StringBuilder screen) {
        synchronized (screen) {
            return screen.toString();
        }
    }

    @Test
    void topEndsWithALineAndExitZeroWhenTheJvmExits() throws Exception {
        try (LiveJvm target = LiveJvm.start(Jprof.java17(), 0, 15)) {
            Jprof.Result result = Jprof.run(dir, "top", "--pid", Long.toString(target.pid()), "--iterations", "100");
            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.stderr().strip()).as(result.toString()).isEqualTo("jprof: JVM " + target.pid() + " exited");
            assertThat(target.waitFor(10)).isTrue();
        }
    }

    @Test
    void errorsAreOneLineWithANonZeroExit() throws Exception {
        assertOneLine(Jprof.run(dir, "dump", "--pid", "999999"), "no process with pid 999999");
        assertOneLine(Jprof.run(dir, "top", "--pid", "999999", "--once"), "no process with pid 999999");
        Process notJava = new ProcessBuilder("sleep", "60").start();
        try {
            assertOneLine(Jprof.run(dir, "dump", "--pid", Long.toString(notJava.pid())), "is not a Java VM");
            assertOneLine(Jprof.run(dir, "top", "--pid", Long.toString(notJava.pid()), "--once"), "is not a Java VM");
        } finally {
            notJava.destroyForcibly();
        }
        try (LiveJvm closed = LiveJvm.start(Jprof.java17(), 0, 120, "-XX:+DisableAttachMechanism")) {
            assertOneLine(Jprof.run(dir, "dump", "--pid", Long.toString(closed.pid())), "-XX:+DisableAttachMechanism");
            assertOneLine(Jprof.run(dir, "top", "--pid", Long.toString(closed.pid()), "--once"), "-XX:+DisableAttachMechanism");
        }
        assertOneLine(Jprof.run(dir, "top", "--pid", "1", "--once", "--iterations", "2"), "--once or --iterations");
        assertOneLine(Jprof.run(dir, "top", "--pid", "1", "--sort", "bogus"), "bogus");
        assertOneLine(Jprof.run(dir, "dump"), "--pid");
    }

    private static void assertOneLine(Jprof.Result result, String expected) {
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.stderr()).as(result.toString()).contains(expected).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(result.stderr().lines().filter(l -> l.startsWith("jprof: ")).count()).as(result.toString()).isEqualTo(1);
        assertThat(result.stdout()).as(result.toString()).isEmpty();
    }

    /** The lines of one thread in a text dump, from its header to the blank line after it. */
    private static String block(String dump, String thread) {
        int start = dump.indexOf("\n\"" + thread + "\" #");
        assertThat(start).as("thread " + thread + " in\n" + dump).isNotNegative();
        int end = dump.indexOf("\n\n", start + 1);
        return dump.substring(start + 1, end < 0 ? dump.length() : end);
    }

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).contains(text)) return i;
        return -1;
    }

    private static String spinLine(String row) {
        int open = row.lastIndexOf("(line ");
        return open < 0 ? "?" : row.substring(open + 6, row.length() - 1);
    }

    private static String jcmd(String java, long pid, String command) throws Exception {
        Path jcmd = Path.of(java).resolveSibling("jcmd");
        Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(60, TimeUnit.SECONDS);
        return out;
    }
}
