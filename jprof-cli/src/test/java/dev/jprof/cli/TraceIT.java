package dev.jprof.cli;

import dev.jprof.capture.json.JsonParser;
import dev.jprof.testapps.AnnotatedApp;
import dev.jprof.testapps.ListUser;
import dev.jprof.testapps.TraceAttachTarget;
import dev.jprof.testapps.Traced;
import dev.jprof.testapps.TracingApiUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** jprof trace on real JVMs (JDK 17, and JDK 25 with class files of its own), with -Xverify:all. */
class TraceIT {
    private static final String TRACED = Traced.class.getName();
    private static final String PROGRAM_OUTPUT = "fib=6765 even=true caught=100 sum=1232 lambdas=870 work=1549915000 log=[done]\n";

    @TempDir
    Path dir;

    /** ncalls column of the table per method name, e.g. "fib" -> "21891/1". */
    private static Map<String, String> ncalls(String table) {
        Map<String, String> calls = new HashMap<>();
        Matcher m = Pattern.compile("(?m)^\\s*(\\d+(?:/\\d+)?)\\s+.*?" + Pattern.quote(TRACED) + "\\.(\\S+)\\s+\\(Traced\\.java:\\d+\\)$").matcher(table);
        while (m.find()) calls.merge(m.group(2), m.group(1), (a, b) -> a + "+" + b);
        return calls;
    }

    private Jprof.Result trace(String java, String classpath, String... options) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("trace", "--top", "0"));
        args.addAll(List.of(options));
        args.addAll(List.of("--", java, "-Xverify:all", "-cp", classpath, TRACED));
        return Jprof.run(dir, args.toArray(new String[0]));
    }

    private static void assertExactCounts(Map<String, String> calls, String table) {
        assertThat(calls).as(table)
                .containsEntry("fib", "21891/1") // 2·F(21)−1 calls, one of them primitive
                .containsEntry("isEven", "6/1")
                .containsEntry("isOdd", "5/1")
                .containsEntry("fail", String.valueOf(Traced.THROWS))
                .containsEntry("failAndCatch", "1")
                .containsEntry("<init>", "51+1") // Traced(int) 50 + 1 through this(7), and Traced() once
                .containsEntry("<clinit>", "1")
                .containsEntry("lambda$main$0", "30")
                .containsEntry("lambda$main$1", "8")
                .containsEntry("work", "80000")
                .containsEntry("sleepy", "5")
                .containsEntry("main", "1");
    }

    @Test
    void exactCountsOnJdk17AndTheProgramsOutputAndExitCodeUnchanged() throws Exception {
        Path out = dir.resolve("calls.txt");
        Jprof.Result result = trace(Jprof.java17(), Jprof.TEST_CLASSES.toString(), "-o", out.toString());
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
        assertThat(result.stdout()).isEqualTo(PROGRAM_OUTPUT);
        assertThat(result.stderr()).as(result.toString()).doesNotContain("jprof agent:").contains("jprof: wrote");
        String table = Files.readString(out);
        assertExactCounts(ncalls(table), table);
        assertThat(table).contains("times are corrected for the tracer's own cost");

        Matcher sleepy = Pattern.compile("(?m)^\\s*5\\s+(\\S+) ms\\s+(\\S+) ms.*\\.sleepy ").matcher(table);
        assertThat(sleepy.find()).as(table).isTrue();
        Matcher measured = Pattern.compile("sleepy-nanos=(\\d+)").matcher(result.stderr());
        assertThat(measured.find()).as(result.toString()).isTrue();
        double truthPerCall = Long.parseLong(measured.group(1)) / 1e6 / Traced.SLEEPS;
        assertThat(Double.parseDouble(sleepy.group(2))).as("sleepy's tottime per call (ms), against the program's own clock")
                .isBetween(truthPerCall * 0.95, truthPerCall * 1.05);
    }

    @Test
    void exactCountsOnJdk25ClassFiles() throws Exception {
        Optional<String> java25 = Jprof.java25();
        assumeTrue(java25.isPresent(), "no JDK 25 here");
        Path javac = Path.of(java25.get()).resolveSibling("javac");
        Path classes = Files.createDirectories(dir.resolve("classes25"));
        Path source = Path.of("src/test/java/dev/jprof/testapps/Traced.java");
        Process compile = new ProcessBuilder(javac.toString(), "-d", classes.toString(), source.toString())
                .redirectErrorStream(true).start();
        assertThat(compile.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(compile.exitValue()).as(new String(compile.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
        byte[] header = Files.readAllBytes(classes.resolve("dev/jprof/testapps/Traced.class"));
        assertThat(((header[6] & 0xff) << 8) | (header[7] & 0xff)).as("class file version").isEqualTo(69);

        Jprof.Result result = trace(java25.get(), classes.toString(), "--threads", "--thread", "worker|main");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
        assertThat(result.stderr()).as(result.toString()).doesNotContain("jprof agent:");
        assertThat(result.stdout()).startsWith(PROGRAM_OUTPUT);
        assertThat(result.stdout()).doesNotContain("jprof-calibration").contains("thread main (id ");
        for (int t = 0; t < Traced.THREADS; t++) {
            Matcher worker = Pattern.compile("(?s)thread worker-" + t + " \\(id \\d+\\)\n.*?\n\\s*10000 .*?\\.work ").matcher(result.stdout());
            assertThat(worker.find()).as("worker-" + t + " calls work 10000 times\n" + result.stdout()).isTrue();
        }
    }

    @Test
    void aHundredThousandVirtualThreadsCountExactlyAndLeaveNoTreesBehind() throws Exception {
        Optional<String> java25 = Jprof.java25();
        assumeTrue(java25.isPresent(), "no JDK 25 here");
        Path classes = Files.createDirectories(dir.resolve("vt"));
        Process compile = new ProcessBuilder(Path.of(java25.get()).resolveSibling("javac").toString(), "-d", classes.toString(),
                "src/test/resources/trace/VirtualThreadsApp.java").redirectErrorStream(true).start();
        assertThat(compile.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(compile.exitValue()).as(new String(compile.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();

        Jprof.Result result = Jprof.run(dir, "trace", "--clock", "none", "--include", "VirtualThreadsApp::task", "--include",
                "VirtualThreadsApp::work", "--", java25.get(), "-Xmx256m", "-cp", classes.toString(), "VirtualThreadsApp");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).as(result.toString()).startsWith("done 100000\n")
                .containsPattern("(?m)^\\s*300000\\s+VirtualThreadsApp\\.work ")
                .containsPattern("(?m)^\\s*100000\\s+VirtualThreadsApp\\.task ");
        Matcher heap = Pattern.compile("heap (\\d) (\\d+)").matcher(result.stderr());
        List<Long> used = new java.util.ArrayList<>();
        while (heap.find()) used.add(Long.parseLong(heap.group(2)));
        assertThat(used).as(result.stderr()).hasSize(5);
        // a tree kept per virtual thread would add megabytes per round of 20,000
        assertThat(used.get(4) - used.get(1)).as("heap growth from round 2 to 5: " + used).isLessThan(4L << 20);
    }

    @Test
    void jsonHasPerMethodCallsAndCallgrindIsReadByCallgrindAnnotate() throws Exception {
        Path json = dir.resolve("calls.json");
        Jprof.Result result = trace(Jprof.java17(), Jprof.TEST_CLASSES.toString(), "--clock", "cpu", "-o", json.toString());
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
        Map<?, ?> root = (Map<?, ?>) JsonParser.parse(Files.readString(json), json.toString());
        Map<String, Map<?, ?>> methods = new HashMap<>();
        for (Object m : (List<?>) root.get("methods")) methods.put((String) ((Map<?, ?>) m).get("name"), (Map<?, ?>) m);
        Map<?, ?> fib = methods.get(TRACED + ".fib");
        assertThat(fib.get("calls")).isEqualTo(21891L);
        assertThat(fib.get("primitiveCalls")).isEqualTo(1L);
        assertThat((Long) fib.get("totalNanos")).isGreaterThanOrEqualTo((Long) fib.get("selfNanos")).isPositive();
        Map<?, ?> main = methods.get(TRACED + ".main");
        assertThat((Long) main.get("totalNanos")).isGreaterThanOrEqualTo((Long) fib.get("totalNanos"));

        Path callgrind = dir.resolve("callgrind.out.1");
        result = trace(Jprof.java17(), Jprof.TEST_CLASSES.toString(), "--include", TRACED + "::fib", "--include", TRACED + "::main",
                "-o", callgrind.toString());
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
        String text = Files.readString(callgrind);
        assertThat(text).startsWith("# callgrind format\n").contains("events: Time\n")
                .contains("fn=" + TRACED + ".main\n")
                .contains("cfn=" + TRACED + ".fib\ncalls=1 ")
                .contains("cfn=" + TRACED + ".fib\ncalls=21890 ");
        Path annotate = Path.of("/usr/bin/callgrind_annotate");
        if (System.getenv("CI") != null) assertThat(annotate).as("valgrind's callgrind_annotate (.ci/run installs it)").isExecutable();
        if (Files.isExecutable(annotate)) {
            Process p = new ProcessBuilder(annotate.toString(), "--inclusive=yes", callgrind.toString()).redirectErrorStream(true).start();
            String report = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as(report).isZero();
            assertThat(report).contains(TRACED + ".fib").contains(TRACED + ".main");
        }
    }

    @Test
    void collapsedCountsCallsOrTimes() throws Exception {
        Path collapsed = dir.resolve("calls.collapsed");
        Jprof.Result result = trace(Jprof.java17(), Jprof.TEST_CLASSES.toString(), "--clock", "none", "--metric", "calls",
                "--include", TRACED + "::isEven", "--include", TRACED + "::isOdd", "-o", collapsed.toString());
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
        List<String> lines = Files.readAllLines(collapsed);
        assertThat(lines).hasSize(11).allMatch(l -> l.endsWith(" 1"));
        assertThat(lines).anyMatch(l -> l.split(";").length == 11);
    }

    @Test
    void libraryApiTracesBetweenStartAndStop() throws Exception {
        Process p = new ProcessBuilder(Jprof.java17(), "-Xverify:all", "-cp", Jprof.JAR.toAbsolutePath() + ":" + Jprof.TEST_CLASSES,
                TracingApiUser.class.getName()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        String fib = TracingApiUser.class.getName() + ".fib 1973/1 610\n"; // 2·F(16)−1
        assertThat(out).as(out).isEqualTo(fib + fib);
    }

    @Test
    void annotatedMethodsAreTracedAndTheTablePrintedAtExit() throws Exception {
        Process p = new ProcessBuilder(Jprof.java17(), "-Xverify:all", "-javaagent:" + Jprof.JAR.toAbsolutePath() + "=trace=wall,root=@Traced",
                "-cp", Jprof.JAR.toAbsolutePath() + ":" + Jprof.TEST_CLASSES, AnnotatedApp.class.getName())
                .redirectError(dir.resolve("err.txt").toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String err = Files.readString(dir.resolve("err.txt"));
        assertThat(p.exitValue()).as(err).isZero();
        assertThat(out).isEqualTo("before=144 inside=112 after=145\n");
        String app = Pattern.quote(AnnotatedApp.class.getName());
        assertThat(err).as(err).contains("times are corrected")
                .containsPattern("(?m)^\\s*2\\s+.*" + app + "\\.handle ")
                .containsPattern("(?m)^\\s*2\\s+.*" + app + "\\.helper ")
                .containsPattern("(?m)^\\s*354/2\\s+.*" + app + "\\.fib ") // 2 × (2·F(11)−1)
                .doesNotContain(".main ");
    }

    @Test
    void underARootMethodOnly() throws Exception {
        Jprof.Result result = trace(Jprof.java17(), Jprof.TEST_CLASSES.toString(), "--root", TRACED + "::failAndCatch", "--clock", "none");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
        assertThat(ncalls(result.stdout())).as(result.stdout()).containsOnlyKeys("failAndCatch", "fail").containsEntry("fail", "100");
    }

    @Test
    void aPatternThatMatchesNothingIsReported() throws Exception {
        Jprof.Result result = trace(Jprof.java17(), Jprof.TEST_CLASSES.toString(), "--include", "com.nothing.**", "--clock", "none");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
        assertThat(result.stdout()).contains("warning: include pattern 'com.nothing.**' matched no method");
    }

    @Test
    void attachedTracingRestoresTheClassesAndTheProgramKeepsItsResults() throws Exception {
        Process target = startAttachTarget();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(target.getInputStream(), StandardCharsets.UTF_8));
            Writer in = new OutputStreamWriter(target.getOutputStream(), StandardCharsets.UTF_8);
            String include = awaitReady(out);
            for (int run = 0; run < 2; run++) {
                Jprof.Result result = Jprof.run(dir, "trace", "--pid", Long.toString(target.pid()), "--duration", "1s",
                        "--clock", "none", "--include", include);
                assertThat(result.exitCode()).as(result.toString()).isZero();
                Matcher calls = Pattern.compile("(?m)^\\s*(\\d+)\\s+\\S+\\.checksum ").matcher(result.stdout());
                assertThat(calls.find()).as(result.toString()).isTrue();
                assertThat(Long.parseLong(calls.group(1)) % 1000).as("whole rounds of 1000 calls, give or take the edges").isNotNegative();
                assertThat(Long.parseLong(calls.group(1))).isPositive();
                assertResultsUnchanged(in, out);
            }
            assertThat(target.isAlive()).isTrue();
            exitCleanly(in, target);
        } finally {
            target.destroyForcibly();
        }
    }

    @Test
    void ctrlCEndsAnAttachedTraceEarlyWithTheClassesRestoredAndTheTraceWritten() throws Exception {
        Process target = startAttachTarget();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(target.getInputStream(), StandardCharsets.UTF_8));
            Writer in = new OutputStreamWriter(target.getOutputStream(), StandardCharsets.UTF_8);
            String include = awaitReady(out);
            Path err = dir.resolve("jprof.err");
            Process jprof = new ProcessBuilder(Jprof.java17(), "-jar", Jprof.JAR.toAbsolutePath().toString(), "trace",
                    "--pid", Long.toString(target.pid()), "--duration", "120s", "--clock", "none", "--include", include)
                    .directory(dir.toFile()).redirectOutput(dir.resolve("jprof.out").toFile()).redirectError(err.toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!(Files.exists(err) && Files.readString(err).contains("press Ctrl-C")) && jprof.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            Thread.sleep(1000);
            long start = System.nanoTime();
            assertThat(new ProcessBuilder("kill", "-INT", Long.toString(jprof.pid())).start().waitFor()).isZero();
            assertThat(jprof.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String stderr = Files.readString(err);
            assertThat(jprof.exitValue()).as(stderr).isZero();
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).as("ended long before the 120 s duration").isLessThan(60);
            Matcher calls = Pattern.compile("(?m)^\\s*(\\d+)\\s+\\S+\\.checksum ").matcher(Files.readString(dir.resolve("jprof.out")));
            assertThat(calls.find()).as(stderr).isTrue();
            assertThat(Long.parseLong(calls.group(1))).isPositive();

            // the run ended: the results are unchanged, and a new run can start (only one runs at a time)
            assertResultsUnchanged(in, out);
            Jprof.Result again = Jprof.run(dir, "trace", "--pid", Long.toString(target.pid()), "--duration", "1s",
                    "--clock", "none", "--include", include);
            assertThat(again.exitCode()).as(again.toString()).isZero();
            assertThat(again.stdout()).containsPattern("(?m)^\\s*\\d+\\s+\\S+\\.checksum ");
            exitCleanly(in, target);
        } finally {
            target.destroyForcibly();
        }
    }

    @Test
    void anExplicitlyIncludedJdkClassIsCountedExactlyOnJdk17And25() throws Exception {
        List<String> javas = new java.util.ArrayList<>(List.of(Jprof.java17()));
        Jprof.java25().ifPresent(javas::add);
        for (String java : javas) {
            Jprof.Result result = Jprof.run(dir, "trace", "--clock", "wall", "--top", "0", "--include", "java.util.ArrayList::add",
                    "--include", ListUser.class.getName(), "--root", ListUser.class.getName() + "::fill",
                    "--", java, "-Xverify:all", "-cp", Jprof.TEST_CLASSES.toString(), ListUser.class.getName());
            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.stdout()).as(result.toString()).startsWith("size=" + ListUser.ADDS + "\n");
            assertThat(result.stderr()).as(result.toString()).doesNotContain("jprof agent:").doesNotContain("warning");
            // ArrayList.add(E) and the private add(E, Object[], int) it calls, each once per element
            Matcher add = Pattern.compile("(?m)^\\s*(\\d+)\\s+.*\\sjava\\.util\\.ArrayList\\.add ").matcher(result.stdout());
            List<String> counts = new java.util.ArrayList<>();
            while (add.find()) counts.add(add.group(1));
            assertThat(counts).as(result.stdout()).containsExactly(String.valueOf(ListUser.ADDS), String.valueOf(ListUser.ADDS));
        }
    }

    @Test
    void aJdkClassTheTracerRunsOnIsRefusedInOneLine() throws Exception {
        for (String unsafe : List.of("java.lang.String", "java.lang.invoke.*", "java.util.Arrays")) {
            Jprof.Result result = Jprof.run(dir, "trace", "--include", unsafe, "--", Jprof.java17(), "-version");
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
            assertThat(result.stderr()).as(result.toString()).startsWith("jprof: cannot trace '" + unsafe + "'").hasLineCount(1);
        }
    }

    /** TraceAttachTarget checks its own results on "check" and answers "ok ..." when they are unchanged. */
    private static void assertResultsUnchanged(Writer in, BufferedReader out) throws Exception {
        in.write("check\n");
        in.flush();
        assertThat(out.readLine()).startsWith("ok ");
    }

    private static void exitCleanly(Writer in, Process target) throws Exception {
        in.write("exit\n");
        in.flush();
        assertThat(target.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(target.exitValue()).isZero();
    }

    private static Process startAttachTarget() throws Exception {
        return new ProcessBuilder(Jprof.java17(), "-Xverify:all", "-cp", Jprof.TEST_CLASSES.toString(),
                TraceAttachTarget.class.getName()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /** Waits for TraceAttachTarget's "ready" line; returns the include pattern of its traced method. */
    private static String awaitReady(BufferedReader out) throws Exception {
        assertThat(out.readLine()).startsWith("ready ");
        return TraceAttachTarget.class.getName() + "::checksum";
    }
}
