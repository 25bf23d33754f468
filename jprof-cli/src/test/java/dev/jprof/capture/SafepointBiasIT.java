package dev.jprof.capture;

import dev.jprof.testapps.SafepointBias;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Safepoint bias, shown on ground truth ({@link SafepointBias}: ~97% of the CPU in {@code hotLoop}, whose code
 * has no safepoint poll; the next poll is in {@code cheapCall}). A sampler built on
 * {@code Thread.getStackTrace} blames {@code cheapCall}; jprof's engines (async-profiler and JFR's execution
 * sampler), with the {@code -XX:+DebugNonSafepoints} jprof starts the JVM with, put the samples on {@code hotLoop}.
 *
 * <p>Each JDK runs both programs side by side for {@value #SECONDS} s (about 5 s per JDK and engine). The thresholds are far
 * from what is measured (naive: ~0% on hotLoop, JFR: ~97%), so a busy machine does not make the test flaky.
 */
class SafepointBiasIT {
    private static final Path TEST_CLASSES = Path.of(System.getProperty("jprof.testClasses", "target/test-classes"));
    private static final String SECONDS = "2.5";
    private static final Path JPROF_JAR = Path.of(System.getProperty("jprof.jar", "target/jprof.jar")).toAbsolutePath();
    private static final Pattern NAIVE = Pattern.compile(
            "(?m)^naive hotLoop=([0-9.]+) cheapCall=([0-9.]+) other=([0-9.]+) samples=(\\d+)$");

    /** The default JDK (the one running the build, 17) and, when installed, JDK 25. */
    static Stream<String> javas() {
        List<String> javas = new ArrayList<>();
        javas.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        try (Stream<Path> dirs = Files.list(Path.of("/usr/lib/jvm"))) {
            dirs.filter(d -> d.getFileName().toString().startsWith("temurin-25"))
                    .map(d -> d.resolve("bin/java"))
                    .filter(Files::isExecutable)
                    .map(Path::toString)
                    .sorted()
                    .findFirst()
                    .ifPresent(javas::add);
        } catch (IOException e) {
            // only the default JDK then
        }
        return javas.stream().distinct();
    }

    /** Each of {@link #javas} with each engine that loads here. */
    static Stream<Arguments> javasAndEngines() {
        return javas().flatMap(java -> Stream.of("async", "jfr").map(engine -> Arguments.of(java, engine)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("javasAndEngines")
    void naiveSamplerBlamesTheCheapCallJprofFindsTheHotLoop(String java, String engine, @TempDir Path dir) throws Exception {
        Path collapsed = dir.resolve("bias.collapsed");
        Launched naive = Launched.start(dir, "naive", java, "-cp", TEST_CLASSES.toString(),
                SafepointBias.class.getName(), SECONDS, "--naive");
        Launched recorded = Launched.start(dir, "jprof", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JPROF_JAR.toString(), "record", "--engine", engine, "--thread", SafepointBias.WORKER_THREAD, "-o", collapsed.toString(),
                "--", java, "-cp", TEST_CLASSES.toString(), SafepointBias.class.getName(), SECONDS);
        String naiveOut = naive.await();
        recorded.await();

        // The naive sampler sees the worker only at safepoint polls, none of which is in hotLoop.
        Matcher m = NAIVE.matcher(naiveOut);
        assertThat(m.find()).as("naive sampler's report in:\n%s", naiveOut).isTrue();
        double naiveHot = Double.parseDouble(m.group(1));
        int naiveSamples = Integer.parseInt(m.group(4));
        System.out.println(java + ": " + m.group());
        assertThat(naiveSamples).as(naiveOut).isGreaterThanOrEqualTo(50);
        assertThat(naiveHot).as("naive sampler's share of hotLoop (it should be fooled):\n%s", naiveOut)
                .isLessThan(0.5);

        Map<String, Long> topFrames = topFramesInCollapsed(collapsed);
        System.out.println(java + ": jprof top frames " + topFrames);
        assertMostlyHotLoop(topFrames, "jprof record samples of " + SafepointBias.WORKER_THREAD + " on " + java);
    }

    /**
     * The assertion on a correct profile of {@link SafepointBias}: given the number of samples of the worker
     * thread per top-frame method name (simple name, e.g. {@code hotLoop}), at least 90% are {@code hotLoop}.
     * Any capture path (a .jfr read here, or a collapsed file from {@code jprof record}) can feed it.
     */
    static void assertMostlyHotLoop(Map<String, Long> topFrames, String what) {
        long total = topFrames.values().stream().mapToLong(Long::longValue).sum();
        long hot = topFrames.getOrDefault("hotLoop", 0L);
        assertThat(total).as("%s: samples %s", what, topFrames).isGreaterThanOrEqualTo(50);
        assertThat((double) hot / total).as("%s: share of hotLoop as top frame in %s", what, topFrames)
                .isGreaterThanOrEqualTo(0.9);
    }

    /** Samples per top-frame method name (simple name) in a collapsed-stacks file. */
    static Map<String, Long> topFramesInCollapsed(Path collapsed) throws IOException {
        Map<String, Long> counts = new TreeMap<>();
        for (String line : Files.readAllLines(collapsed)) {
            if (line.isBlank()) continue;
            int space = line.lastIndexOf(' ');
            String stack = line.substring(0, space);
            String top = stack.substring(stack.lastIndexOf(';') + 1);
            counts.merge(top.substring(top.lastIndexOf('.') + 1), Long.parseLong(line.substring(space + 1)), Long::sum);
        }
        return counts;
    }

    /** A JVM started with output in files, so nothing blocks on a full pipe. */
    private record Launched(Process process, List<String> command, Path out, Path err) {
        static Launched start(Path dir, String name, String... command) throws IOException {
            Path out = dir.resolve(name + ".out");
            Path err = dir.resolve(name + ".err");
            Process process = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            process.getOutputStream().close();
            return new Launched(process, List.of(command), out, err);
        }

        /** Waits for a clean exit and returns stdout. */
        String await() throws IOException, InterruptedException {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("did not finish in 60 s: " + command);
            }
            String stdout = Files.readString(out, StandardCharsets.UTF_8);
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as("%s\n--- stdout\n%s\n--- stderr\n%s", command, stdout, stderr)
                    .isZero();
            return stdout;
        }
    }
}
