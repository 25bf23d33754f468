package dev.jprof.bench.trace;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@link TraceCallBench}'s question answered in thread CPU time instead of wall time: on a shared machine
 * a thread waits for a CPU part of the time, which inflates every wall-clock figure, but not its CPU time.
 * Each variant runs in a JVM of its own ({@link #loop} calls {@link TracedCalls#leaf} in rounds of about
 * 100 ms, the median round counts); it also prints the ratio of wall to CPU time over the rounds, which
 * says how much of the machine the thread had, and, for the wall clock, the leaf's time as jprof reports it.
 *
 * <pre>
 * java -cp "jprof-bench/target/classes:$(cat jprof-bench/target/classpath.txt)" dev.jprof.bench.trace.TraceCallCpuTime \
 *     jprof-agent/target/jprof-agent.jar [path/to/jdk25/bin/java]
 * </pre>
 */
public final class TraceCallCpuTime {
    private static volatile boolean stop;

    private TraceCallCpuTime() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("--run")) {
            measure();
            return;
        }
        if (args.length < 1) {
            System.err.println("usage: TraceCallCpuTime AGENT_JAR [JAVA_25]");
            System.exit(2);
        }
        Path agent = Path.of(args[0]).toAbsolutePath();
        Path work = Files.createTempDirectory("jprof-trace-cpu");
        List<String[]> javas = new ArrayList<>();
        javas.add(new String[] {"17", Path.of(System.getProperty("java.home"), "bin", "java").toString()});
        if (args.length > 1) javas.add(new String[] {"25", args[1]});
        StringBuilder table = new StringBuilder("| variant | thread CPU ns per call | added | wall/CPU | leaf's time per call as jprof reports it |\n|---|---|---|---|---|\n");
        for (String[] java : javas) {
            double baseline = 0;
            for (String clock : List.of("", "none", "wall")) {
                List<String> command = new ArrayList<>(List.of(java[1]));
                if (!clock.isEmpty()) {
                    command.add("-javaagent:" + agent + "=trace=" + clock + ",include=" + TracedCalls.class.getName() + "::leaf,file="
                            + work.resolve(clock + java[0] + "-%p.trace"));
                }
                command.addAll(List.of("-cp", System.getProperty("java.class.path"), TraceCallCpuTime.class.getName(), "--run"));
                Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
                String result = null;
                try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = out.readLine()) != null) {
                        if (line.startsWith("cpu ")) result = line;
                    }
                }
                if (process.waitFor() != 0 || result == null) throw new IllegalStateException("run failed: " + command);
                String[] f = result.split(" ");
                double perCall = Double.parseDouble(f[1]);
                if (clock.isEmpty()) baseline = perCall;
                String name = clock.isEmpty() ? "no agent, JDK " + java[0] : "jprof trace --clock " + clock + ", JDK " + java[0];
                table.append(String.format(Locale.ROOT, "| %s | %.2f | %s | %s | %s |%n", name, perCall,
                        clock.isEmpty() ? "" : String.format(Locale.ROOT, "%.2f", perCall - baseline), f[2],
                        clock.equals("wall") ? TraceCallBench.reported(work, clock + java[0] + "-") : ""));
            }
        }
        System.out.print(table);
    }

    /** In this JVM: the median thread CPU time per call over 15 rounds of about 100 ms, after 2 s of warm-up. */
    private static void measure() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sink = 0;
        int calls = 100_000;
        long warmEnd = System.nanoTime() + 2_000_000_000L;
        while (System.nanoTime() < warmEnd) {
            long c0 = threads.getCurrentThreadCpuTime();
            sink += loop(calls);
            long spent = threads.getCurrentThreadCpuTime() - c0;
            if (spent > 0) calls = (int) Math.max(10_000, Math.min(50_000_000L, calls * 100_000_000L / spent));
        }
        double[] perCall = new double[15];
        long wall = 0;
        long cpu = 0;
        for (int r = 0; r < perCall.length; r++) {
            long w0 = System.nanoTime();
            long c0 = threads.getCurrentThreadCpuTime();
            sink += loop(calls);
            long c1 = threads.getCurrentThreadCpuTime();
            wall += System.nanoTime() - w0;
            cpu += c1 - c0;
            perCall[r] = (c1 - c0) / (double) calls;
        }
        Arrays.sort(perCall);
        System.out.printf(Locale.ROOT, "cpu %.2f %.2f %d%n", perCall[perCall.length / 2], wall / (double) cpu, sink & 1);
    }

    /** Like JMH's loop: one volatile read per call, so nothing is hoisted out of it. */
    private static long loop(int n) {
        long s = 0;
        for (int i = 0; i < n; i++) {
            s += TracedCalls.leaf(i);
            if (stop) break;
        }
        return s;
    }
}
