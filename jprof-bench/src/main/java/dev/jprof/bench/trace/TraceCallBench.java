package dev.jprof.bench.trace;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * What a traced call costs: JMH times a call of {@link TracedCalls#leaf} without any agent, then
 * traced by jprof with each clock, and, on JDK 25, timed by JFR's own method-timing on the same method;
 * and one {@code System.nanoTime()} alone, the floor of the wall clock's two reads per call.
 *
 * <pre>
 * ./mvnw -q -Pbench -pl jprof-cli,jprof-bench -am package -DskipTests dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
 * java -cp "jprof-bench/target/classes:$(cat jprof-bench/target/classpath.txt)" dev.jprof.bench.trace.TraceCallBench \
 *     jprof-agent/target/jprof-agent.jar [path/to/jdk25/bin/java] [-- JMH options, e.g. -wi 2 -w 500ms -i 5 -r 500ms]
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TraceCallBench {
    private int x = 42;

    @Benchmark
    public int call() {
        return TracedCalls.leaf(x++);
    }

    /** What one read of the wall clock costs on this machine: the floor of a wall-clock trace's two reads per call. */
    @Benchmark
    public long nanoTime() {
        return System.nanoTime();
    }

    private record Variant(String name, String java, List<String> jvmArgs, String traceFilePrefix, String benchmark) {
        Variant(String name, String java, List<String> jvmArgs) {
            this(name, java, jvmArgs, null, "call");
        }

        Variant(String name, String java, List<String> jvmArgs, String traceFilePrefix) {
            this(name, java, jvmArgs, traceFilePrefix, "call");
        }
    }

    public static void main(String[] args) throws Exception {
        // JMH's own command-line options after "--" (iterations, times) override the annotations' defaults
        int dashes = List.of(args).indexOf("--");
        CommandLineOptions jmhOptions = new CommandLineOptions(dashes < 0 ? new String[0] : Arrays.copyOfRange(args, dashes + 1, args.length));
        if (dashes >= 0) args = Arrays.copyOf(args, dashes);
        if (args.length < 1) {
            System.err.println("usage: TraceCallBench AGENT_JAR [JAVA_25] [-- JMH_OPTIONS]");
            System.exit(2);
        }
        Path agent = Path.of(args[0]).toAbsolutePath();
        Path work = Files.createTempDirectory("jprof-trace-bench");
        String include = "include=" + TracedCalls.class.getName() + "::leaf";
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Variant> variants = new ArrayList<>();
        addJvm(variants, java, "17", agent, include, work);
        if (args.length > 1) {
            addJvm(variants, args[1], "25", agent, include, work);
            variants.add(new Variant("JFR method-timing, JDK 25", args[1], List.of(
                    "-XX:StartFlightRecording:method-timing=" + TracedCalls.class.getName() + "::leaf,filename=" + work.resolve("mt.jfr"))));
        }
        StringBuilder table = new StringBuilder("| variant | ns per call | added ns per call | leaf's time per call as jprof reports it |\n|---|---|---|---|\n");
        double baseline = 0;
        for (Variant variant : variants) {
            ChainedOptionsBuilder options = new OptionsBuilder().parent(jmhOptions).include(TraceCallBench.class.getName() + "." + variant.benchmark + "$")
                    .jvm(variant.java).jvmArgsAppend(variant.jvmArgs.toArray(new String[0]));
            Collection<RunResult> results = new Runner(options.build()).run();
            double score = results.iterator().next().getPrimaryResult().getScore();
            boolean call = variant.benchmark.equals("call");
            if (call && variant.jvmArgs.isEmpty()) baseline = score;
            table.append(String.format(Locale.ROOT, "| %s | %.2f | %s | %s |%n", variant.name, score,
                    !call || variant.jvmArgs.isEmpty() ? "" : String.format(Locale.ROOT, "%.2f", score - baseline),
                    reported(work, variant.traceFilePrefix)));
        }
        System.out.println();
        System.out.print(table);
    }

    private static void addJvm(List<Variant> variants, String java, String version, Path agent, String include, Path work) {
        variants.add(new Variant("System.nanoTime() alone, JDK " + version, java, List.of(), null, "nanoTime"));
        variants.add(new Variant("no agent, JDK " + version, java, List.of()));
        for (String clock : List.of("none", "wall", "cpu")) {
            String prefix = clock + version + "-";
            variants.add(new Variant("jprof trace --clock " + clock + ", JDK " + version, java, List.of(
                    "-javaagent:" + agent + "=trace=" + clock + "," + include + ",file=" + work.resolve(prefix + "%p.trace")),
                    clock.equals("none") ? null : prefix));
        }
    }

    /** The leaf's self time per call in the agent's trace, with the measured hook cost subtracted as the reader does. */
    static String reported(Path work, String prefix) throws java.io.IOException {
        if (prefix == null) return "";
        Path file;
        try (var files = Files.list(work)) {
            file = files.filter(f -> f.getFileName().toString().startsWith(prefix) && f.toString().endsWith(".trace")).findFirst().orElse(null);
        }
        if (file == null) return "no trace";
        double inner = 0;
        long calls = 0;
        long time = 0;
        for (String line : Files.readAllLines(file)) {
            String[] f = line.split("\t");
            if (f[0].equals("calibration")) inner = Double.parseDouble(f[1]);
            if (f[0].equals("node")) {
                calls += Long.parseLong(f[5]);
                time += Long.parseLong(f[6]);
            }
        }
        if (calls == 0) return "no calls";
        return String.format(Locale.ROOT, "%.2f ns (%.2f before correction)", (time - calls * inner) / calls, time / (double) calls);
    }
}
