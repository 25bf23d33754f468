package dev.jprof.bench.trace;

import dev.jprof.bench.Stats;
import dev.jprof.bench.workload.LangWorkload;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Slowdown of a real library's code when jprof traces every one of its methods: {@link LangWorkload}
 * (commons-lang3) without an agent and under {@code jprof trace --include 'org.apache.commons.lang3.**'}
 * with each clock; per run the median of its steady-state rounds (the second half); runs alternate between the variants;
 * prints a Markdown table of the median (min–max) over runs.
 *
 * <pre>
 * java -cp "jprof-bench/target/classes:$(cat jprof-bench/target/classpath.txt)" dev.jprof.bench.trace.TraceWorkloadBench \
 *     jprof-agent/target/jprof-agent.jar [RUNS]
 * </pre>
 */
public final class TraceWorkloadBench {
    private static final int ROUNDS = 12;

    private TraceWorkloadBench() {
    }

    public static void main(String[] args) throws Exception {
        Path agent = Path.of(args[0]).toAbsolutePath();
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path work = Files.createTempDirectory("jprof-trace-workload");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String include = "include=org.apache.commons.lang3.**";
        List<String[]> variants = List.of(
                new String[] {"no agent", ""},
                new String[] {"jprof trace --clock none", "-javaagent:" + agent + "=trace=none," + include + ",file=" + work.resolve("none-%p.trace")},
                new String[] {"jprof trace --clock wall", "-javaagent:" + agent + "=trace=wall," + include + ",file=" + work.resolve("wall-%p.trace")});
        // run r of every variant, then run r+1: drift of the machine affects all variants alike
        List<List<Double>> perRun = new ArrayList<>();
        for (int v = 0; v < variants.size(); v++) perRun.add(new ArrayList<>());
        for (int r = 0; r < runs; r++) {
            for (int v = 0; v < variants.size(); v++) perRun.get(v).add(run(java, variants.get(v)[1]));
        }
        StringBuilder table = new StringBuilder("| variant | ms per round, median (min–max) of " + runs + " runs | slowdown (medians)"
                + " | slowdown, median (min–max) of per-run ratios |\n|---|---:|---:|---:|\n");
        for (int v = 0; v < variants.size(); v++) {
            List<Double> ms = perRun.get(v);
            List<Double> ratios = Stats.pairedRatios(ms, perRun.get(0));
            table.append(String.format(Locale.ROOT, "| %s | %.1f (%.1f–%.1f) | %.2f× | %.2f× (%.2f×–%.2f×) |%n", variants.get(v)[0],
                    Stats.median(ms), Stats.min(ms), Stats.max(ms), Stats.median(ms) / Stats.median(perRun.get(0)),
                    Stats.median(ratios), Stats.min(ratios), Stats.max(ratios)));
        }
        System.out.print(table);
    }

    private static double run(String java, String agentOption) throws Exception {
        List<String> command = new ArrayList<>(List.of(java));
        if (!agentOption.isEmpty()) command.add(agentOption);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), LangWorkload.class.getName(), Integer.toString(ROUNDS)));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<Double> rounds = new ArrayList<>();
        Pattern round = Pattern.compile("round (\\d+) (\\d+)");
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                Matcher m = round.matcher(line);
                if (m.matches() && Integer.parseInt(m.group(1)) >= ROUNDS / 2) rounds.add(Double.parseDouble(m.group(2)));
            }
        }
        if (process.waitFor() != 0 || rounds.isEmpty()) throw new IllegalStateException("workload failed: " + command);
        return median(rounds);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
