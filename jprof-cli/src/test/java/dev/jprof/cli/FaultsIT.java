package dev.jprof.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Faults: jprof killed outright while it works on a running JVM leaves that JVM as it was; a full disk
 * or a planted link costs no file; the launched program's input, output, exit code and signals pass
 * through unchanged; another user's JVM is refused in one line.
 */
class FaultsIT {
    private static final long CLEAN_UP_SECONDS = 30;

    @TempDir
    Path dir;

    /** A JVM to attach to, with its console on stdin and stdout. */
    private final class Target implements AutoCloseable {
        final Process process;
        final BufferedReader out;
        final Writer in;

        Target(String mainClass, String... args) throws Exception {
            List<String> command = new ArrayList<>(List.of(Jprof.java17(), "-cp", Jprof.TEST_CLASSES.toString(), mainClass));
            command.addAll(List.of(args));
            process = new ProcessBuilder(command).redirectError(dir.resolve("target.err").toFile()).start();
            out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            assertThat(out.readLine()).startsWith("ready");
        }

        long pid() {
            return process.pid();
        }

        String ask(String question) throws IOException {
            in.write(question + "\n");
            in.flush();
            return out.readLine();
        }

        @Override
        public void close() throws Exception {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private Process startJprof(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Jprof.java17(), "-jar", Jprof.JAR.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("jprof.out").toFile()).start();
    }

    private static String jcmd(long pid, String command) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return text;
    }

    /** The thread names of jprof's that run in the JVM (jprof-watchdog-PID, jprof-trace-timer, ...). */
    private static List<String> jprofThreads(long pid) throws Exception {
        List<String> names = new ArrayList<>();
        for (String line : jcmd(pid, "Thread.print").split("\n")) {
            if (line.startsWith("\"jprof")) names.add(line.substring(1, line.indexOf('"', 1)));
        }
        return names;
    }

    /** jprof's JFR recordings in the JVM, as JFR.check lists them. */
    private static List<String> jprofRecordings(long pid) throws Exception {
        return jcmd(pid, "JFR.check").lines().filter(l -> l.contains("name=jprof")).toList();
    }

    /** The folders jprof made for files the JVM reads or writes (TargetFiles). */
    private static List<String> jprofFilesFor(long pid) throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("jprof-attach-" + pid + "-")).toList();
        }
    }

    private void awaitOutput(Process jprof, Predicate<Long> inTarget, long pid, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!inTarget.test(pid)) {
            assertThat(jprof.isAlive()).as("jprof ended before " + what + ": " + Files.readString(dir.resolve("jprof.out"))).isTrue();
            assertThat(System.nanoTime()).as(what + ": " + Files.readString(dir.resolve("jprof.out"))).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private static Predicate<Long> hasThread(String prefix) {
        return pid -> {
            try {
                return jprofThreads(pid).stream().anyMatch(n -> n.startsWith(prefix));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        };
    }

    /** SIGKILLs jprof, then waits until the JVM holds nothing of jprof's: no recording, thread or file. */
    private static void killAndExpectNothingLeft(Process jprof, Target target) throws Exception {
        jprof.destroyForcibly();
        assertThat(jprof.waitFor(10, TimeUnit.SECONDS)).isTrue();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CLEAN_UP_SECONDS);
        while (true) {
            List<String> recordings = jprofRecordings(target.pid());
            List<String> threads = jprofThreads(target.pid());
            List<String> files = jprofFilesFor(target.pid());
            if (recordings.isEmpty() && threads.isEmpty() && files.isEmpty()) break;
            assertThat(System.nanoTime()).as("left in JVM " + target.pid() + " after jprof was killed: recordings "
                    + recordings + ", threads " + threads + ", files " + files).isLessThan(deadline);
            Thread.sleep(250);
        }
        assertThat(target.process.isAlive()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"jfr", "async"})
    void jprofKilledDuringRecordPidLeavesNothingInTheTarget(String engine) throws Exception {
        try (Target target = new Target("dev.jprof.testapps.AttachTarget")) {
            String mode = engine.equals("jfr") ? "wall" : "cpu";
            Process jprof = startJprof("record", "--engine", engine, "--mode", mode, "--pid", Long.toString(target.pid()),
                    "-o", "never.collapsed");
            awaitOutput(jprof, hasThread("jprof-watchdog"), target.pid(), "jprof's watchdog runs in the target");
            if (engine.equals("jfr")) assertThat(jprofRecordings(target.pid())).hasSize(1);
            killAndExpectNothingLeft(jprof, target);
            assertThat(target.ask("ping")).startsWith("pong");
            assertThat(dir.resolve("never.collapsed")).doesNotExist();
            Jprof.Result again = Jprof.run(dir, "record", "--engine", engine, "--pid", Long.toString(target.pid()),
                    "--duration", "1s", "-o", "again.collapsed");
            assertThat(again.exitCode()).as(again.toString()).isZero();
            assertThat(jprofRecordings(target.pid())).isEmpty();
        }
    }

    @Test
    void jprofKilledDuringTopLeavesNothingInTheTarget() throws Exception {
        try (Target target = new Target("dev.jprof.testapps.AttachTarget")) {
            Process jprof = startJprof("top", "--engine", "jfr", "--pid", Long.toString(target.pid()));
            awaitOutput(jprof, hasThread("jprof-watchdog"), target.pid(), "jprof's watchdog runs in the target");
            assertThat(jprofRecordings(target.pid())).hasSize(1);
            killAndExpectNothingLeft(jprof, target);
            assertThat(target.ask("ping")).startsWith("pong");
        }
    }

    @Test
    void jprofKilledDuringLeaksLeavesNothingInTheTarget() throws Exception {
        try (Target target = new Target("dev.jprof.testapps.AttachTarget")) {
            Process jprof = startJprof("leaks", "--pid", Long.toString(target.pid()), "--duration", "5m");
            awaitOutput(jprof, hasThread("jprof-watchdog"), target.pid(), "jprof's watchdog runs in the target");
            assertThat(jprofRecordings(target.pid())).hasSize(1);
            killAndExpectNothingLeft(jprof, target);
            assertThat(target.ask("ping")).startsWith("pong");
        }
    }

    @Test
    void jprofKilledDuringTracePidRestoresTheClassesAtOnce() throws Exception {
        try (Target target = new Target("dev.jprof.testapps.TraceAttachTarget")) {
            Process jprof = startJprof("trace", "--pid", Long.toString(target.pid()), "--duration", "5m",
                    "--include", "dev.jprof.testapps.TraceAttachTarget");
            awaitOutput(jprof, hasThread("jprof-trace-timer"), target.pid(), "tracing runs in the target");
            killAndExpectNothingLeft(jprof, target);
            assertThat(Files.readString(dir.resolve("target.err"))).contains("is gone: tracing stopped, classes restored");
            assertThat(target.ask("check")).startsWith("ok");
            // a second run would be refused ("tracing already runs") if the first had not ended
            // counted, not timed: checksum takes about 1 ns, so its wall time after calibration is often 0 and the line left out
            Jprof.Result again = Jprof.run(dir, "trace", "--pid", Long.toString(target.pid()), "--duration", "1s", "--clock", "none",
                    "--include", "dev.jprof.testapps.TraceAttachTarget", "-o", "again.collapsed");
            assertThat(again.exitCode()).as(again.toString()).isZero();
            assertThat(Files.readString(dir.resolve("again.collapsed"))).contains("TraceAttachTarget.checksum");
            assertThat(target.ask("check")).startsWith("ok");
        }
    }

    /** jprof's work folders (WorkDir): /tmp/jprof-PID-RANDOM. */
    private static List<Path> workFoldersOf(long jprofPid) throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(p -> p.getFileName().toString().matches("jprof-" + jprofPid + "-[0-9a-f]+")).toList();
        }
    }

    /** Waits until the target writes the heap dump jprof asked for into jprof's work folder. */
    private Path awaitDump(Process jprof, Target target) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            for (Path folder : workFoldersOf(jprof.pid())) {
                Path file = folder.resolve(target.pid() + ".hprof");
                if (Files.exists(file)) return file;
            }
            assertThat(jprof.isAlive()).as("jprof ended before the dump was written: " + Files.readString(dir.resolve("jprof.out"))).isTrue();
            assertThat(System.nanoTime()).as("no heap dump in jprof's work folder").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    @Test
    void jprofKilledWhileTheHeapIsDumpedLeavesNoDumpAfterTheNextRun() throws Exception {
        try (Target target = new Target("dev.jprof.testapps.AttachTarget", "400")) {
            Process jprof = startJprof("heap", "paths", "--pid", Long.toString(target.pid()), "--type", "byte[]", "-o", "never.dot");
            Path dump = awaitDump(jprof, target);
            jprof.destroyForcibly();
            assertThat(jprof.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(dump).as("a SIGKILL runs no clean-up: the dump is still there").exists();
            assertThat(target.ask("ping")).startsWith("pong");

            Jprof.Result again = Jprof.run(dir, "heap", "paths", "--pid", Long.toString(target.pid()), "--type", "byte[]", "-o", "again.dot");
            assertThat(again.exitCode()).as(again.toString()).isZero();
            assertThat(again.stdout()).contains("objects of type byte[]");
            assertThat(dump.getParent()).as("the killed run's folder, removed by the next run").doesNotExist();
            assertThat(workFoldersOf(jprof.pid())).isEmpty();
            assertThat(target.ask("ping")).startsWith("pong");
        }
    }

    @Test
    void sigtermToJprofWhileTheHeapIsDumpedRemovesTheDump() throws Exception {
        try (Target target = new Target("dev.jprof.testapps.AttachTarget", "400")) {
            Process jprof = startJprof("heap", "paths", "--pid", Long.toString(target.pid()), "--type", "byte[]", "-o", "never.dot");
            Path dump = awaitDump(jprof, target);
            jprof.destroy();
            assertThat(jprof.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(jprof.exitValue()).isEqualTo(143);
            assertThat(dump.getParent()).as("the shutdown hook removes the folder, dump and all").doesNotExist();
            assertThat(dir.resolve("never.dot")).doesNotExist();
            assertThat(target.ask("ping")).startsWith("pong");
        }
    }

    @Test
    void aFullDiskGivesOneLineAndKeepsThePreviousFile() throws Exception {
        Path small = dir.resolve("small");
        Files.createDirectory(small);
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", small.toString())
                .redirectErrorStream(true).start();
        String why = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assumeTrue(mount.waitFor() == 0, "cannot mount a 64 kB tmpfs to fill (needs root): " + why);
        try {
            Files.writeString(small.resolve("profile.html"), "the previous profile\n");
            Jprof.Result result = Jprof.run(dir, "record", "-o", "small/profile.html", "--", Jprof.java17(), "-cp",
                    Jprof.TEST_CLASSES.toString(), "dev.jprof.testapps.CpuSplit", "1", "1");
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
            List<String> jprofLines = result.stderr().lines().filter(l -> l.startsWith("jprof: ")).toList();
            assertThat(jprofLines).as(result.stderr()).contains(
                    "jprof: small/profile.html: cannot write: No space left on device (the previous profile.html is unchanged)");
            assertThat(result.stderr()).doesNotContain("Exception").doesNotContain("\tat ");
            assertThat(Files.readString(small.resolve("profile.html"))).isEqualTo("the previous profile\n");
            try (Stream<Path> files = Files.list(small)) {
                assertThat(files.map(p -> p.getFileName().toString())).containsExactly("profile.html");
            }
        } finally {
            new ProcessBuilder("umount", small.toString()).start().waitFor();
        }
    }

    @Test
    void anOutputThatIsASymlinkIsRefusedAndItsTargetUntouched() throws Exception {
        Path victim = dir.resolve("victim.txt");
        Files.writeString(victim, "not jprof's\n");
        Files.createSymbolicLink(dir.resolve("profile.collapsed"), victim);
        Jprof.Result record = Jprof.run(dir, "record", "-o", "profile.collapsed", "--", Jprof.java17(), "-cp",
                Jprof.TEST_CLASSES.toString(), "dev.jprof.testapps.CpuSplit", "1", "1");
        assertThat(record.exitCode()).as(record.toString()).isEqualTo(2);
        assertThat(record.stderr().strip()).isEqualTo("jprof: profile.collapsed: is a symbolic link; jprof does not write "
                + "through links: name the file itself, or remove the link");
        assertThat(Files.readString(victim)).isEqualTo("not jprof's\n");
        assertThat(Files.isSymbolicLink(dir.resolve("profile.collapsed"))).isTrue();
    }

    @Test
    void outputsAreCompleteFilesWithTheUsualModeAndNoTemporaryLeftBeside() throws Exception {
        Path kept = dir.resolve("profile.collapsed");
        Files.writeString(kept, "old\n");
        Files.setPosixFilePermissions(kept, PosixFilePermissions.fromString("rw-r-----"));
        Jprof.Result result = Jprof.run(dir, "record", "-o", "profile.collapsed", "--", Jprof.java17(), "-cp",
                Jprof.TEST_CLASSES.toString(), "dev.jprof.testapps.CpuSplit", "1", "1");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(Files.readString(kept)).contains("CpuSplit.alpha");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(kept))).isEqualTo("rw-r-----");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("jprof-tmp"));
        }
    }

    @Test
    void anotherUsersJvmIsRefusedInOneLine() throws Exception {
        assumeTrue(new ProcessBuilder("id", "-u").start().inputReader().readLine().equals("0"),
                "needs root, to run jprof as the user nobody");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/runuser")), "needs runuser");
        try (Target target = new Target("dev.jprof.testapps.AttachTarget")) {
            for (String command : List.of("record --pid PID --duration 1s -o /tmp/never.collapsed", "top --pid PID --once",
                    "trace --pid PID --duration 1s", "dump --pid PID", "leaks --pid PID --duration 1s")) {
                List<String> args = new ArrayList<>(List.of("/usr/sbin/runuser", "-u", "nobody", "--", Jprof.java17(), "-jar",
                        Jprof.JAR.toAbsolutePath().toString()));
                args.addAll(List.of(command.replace("PID", Long.toString(target.pid())).split(" ")));
                Process jprof = new ProcessBuilder(args).directory(Path.of("/tmp").toFile()).redirectErrorStream(true).start();
                String output = new String(jprof.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(jprof.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(jprof.exitValue()).as(command + ": " + output).isEqualTo(2);
                List<String> lines = output.lines().filter(l -> !l.startsWith("jprof: sampling old objects")).toList();
                assertThat(lines).as(command).containsExactly("jprof: process " + target.pid()
                        + " belongs to another user (root): run jprof as that user");
            }
            assertThat(target.ask("ping")).startsWith("pong");
        }
    }

    private Process launch(String... programArgs) throws IOException {
        List<String> command = new ArrayList<>(List.of(Jprof.java17(), "-jar", Jprof.JAR.toAbsolutePath().toString(),
                "record", "-o", "p.collapsed", "--", Jprof.java17(), "-cp", Jprof.TEST_CLASSES.toString(),
                "-Dtestapps.truth=" + dir.resolve("truth.txt"), "dev.jprof.testapps.Passthrough"));
        command.addAll(List.of(programArgs));
        return new ProcessBuilder(command).directory(dir.toFile()).redirectError(dir.resolve("jprof.err").toFile()).start();
    }

    @Test
    void stdinStdoutStderrAndTheExitCodePassThrough() throws Exception {
        Process jprof = launch("copy", "7");
        byte[] input = "line one\nline two\n\u00e9\u20ac\n".getBytes(StandardCharsets.UTF_8);
        jprof.getOutputStream().write(input);
        jprof.getOutputStream().close();
        byte[] output = jprof.getInputStream().readAllBytes();
        assertThat(jprof.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(output).isEqualTo(input);
        assertThat(jprof.exitValue()).isEqualTo(7);
        assertThat(Files.readString(dir.resolve("jprof.err"))).startsWith("to stderr\n");
    }

    @Test
    void a100MegabyteOutputPassesThroughAPipeWhole() throws Exception {
        Process jprof = launch("flood", "100");
        jprof.getOutputStream().close();
        long bytes = 0;
        long lines = 0;
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = jprof.getInputStream()) {
            for (int n; (n = in.read(buffer)) > 0; bytes += n) {
                for (int i = 0; i < n; i++) if (buffer[i] == '\n') lines++;
            }
        }
        assertThat(jprof.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(jprof.exitValue()).as(Files.readString(dir.resolve("jprof.err"))).isZero();
        assertThat(bytes).isEqualTo(100L * 1024 * 1024);
        assertThat(lines).isEqualTo(100L * 1024);
        assertThat(Files.readString(dir.resolve("jprof.err"))).contains("jprof: wrote p.collapsed");
    }

    @Test
    void aProgramThatClosesStdoutRunsOnAndIsProfiled() throws Exception {
        Process jprof = launch("close");
        jprof.getOutputStream().close();
        byte[] output = jprof.getInputStream().readAllBytes();
        assertThat(jprof.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String stderr = Files.readString(dir.resolve("jprof.err"));
        assertThat(jprof.exitValue()).as(stderr).isEqualTo(3);
        assertThat(output).isEmpty();
        assertThat(stderr).contains("worked with stdout closed").contains("jprof: wrote p.collapsed");
        assertThat(Files.readString(dir.resolve("p.collapsed"))).contains("ExitCode.work");
    }

    @Test
    void sigtermToJprofReachesTheProgramWhoseShutdownHookRuns() throws Exception {
        Process jprof = launch("term");
        jprof.getOutputStream().close();
        Path truth = dir.resolve("truth.txt");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(Files.exists(truth) && Files.readString(truth).contains("ready"))) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(100);
        }
        assertThat(new ProcessBuilder("kill", "-TERM", Long.toString(jprof.pid())).start().waitFor()).isZero();
        assertThat(jprof.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(jprof.exitValue()).as(Files.readString(dir.resolve("jprof.err"))).isEqualTo(143);
        assertThat(Files.readString(truth)).contains("hook ran");
        assertThat(Files.readString(dir.resolve("jprof.err"))).contains("jprof: wrote p.collapsed");
    }
}
