package dev.jprof.bench.trace;

import dev.jprof.bench.Stats;
import dev.jprof.bench.workload.LangWorkload;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Slowdown of a real library's code when jprof traces every one of its methods: {@link LangWorkload}
 * (commons-lang3) without an agent and under {@code jprof trace --include 'org.apache.commons.lang3.**'}
 * with each clock, and, given JDK 25's java, on JDK 25 next to JFR's method-timing on the same classes; per run the median of its steady-state rounds (the second half); runs alternate between the variants;
 * prints a Markdown table of the median (min–max) over runs.
 *
 * <pre>
 * java -cp "jprof-bench/target/classes:$(cat jprof-bench/target/classpath.txt)" dev.jprof.bench.trace.TraceWorkloadBench \
 *     jprof-agent/target/jprof-agent.jar [RUNS [JDK25_JAVA]]
 * </pre>
 */
public final class TraceWorkloadBench {
    private static final int ROUNDS = 12;

    private TraceWorkloadBench() {
    }

    /** One way to run the workload: its JVM, its flags, and which variant is its unprofiled baseline. */
    private record Variant(String label, String java, String flag, int baseline) {
    }

    public static void main(String[] args) throws Exception {
        Path agent = Path.of(args[0]).toAbsolutePath();
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String java25 = args.length > 2 ? args[2] : null;
        Path work = Files.createTempDirectory("jprof-trace-workload");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String include = "include=org.apache.commons.lang3.**";
        List<Variant> variants = new ArrayList<>(List.of(
                new Variant("no agent", java, "", 0),
                new Variant("jprof trace --clock none", java, "-javaagent:" + agent + "=trace=none," + include + ",file=" + work.resolve("none-%p.trace"), 0),
                new Variant("jprof trace --clock wall", java, "-javaagent:" + agent + "=trace=wall," + include + ",file=" + work.resolve("wall-%p.trace"), 0)));
        if (java25 != null) {
            List<String> classes = libraryClasses();
            Path jfc = work.resolve("method-timing.jfc");
            Files.writeString(jfc, methodTimingSettings(classes));
            variants.add(new Variant("no agent, JDK 25", java25, "", 3));
            variants.add(new Variant("jprof trace --clock wall, JDK 25", java25,
                    "-javaagent:" + agent + "=trace=wall," + include + ",file=" + work.resolve("wall25-%p.trace"), 3));
            variants.add(new Variant("JFR method-timing, the same " + classes.size() + " classes, JDK 25", java25,
                    "-XX:StartFlightRecording=settings=" + jfc + ",filename=" + work.resolve("mt.jfr"), 3));
        }
        // run r of every variant, then run r+1: drift of the machine affects all variants alike
        List<List<Double>> perRun = new ArrayList<>();
        for (int v = 0; v < variants.size(); v++) perRun.add(new ArrayList<>());
        for (int r = 0; r < runs; r++) {
            for (int v = 0; v < variants.size(); v++) perRun.get(v).add(run(variants.get(v).java(), variants.get(v).flag()));
        }
        StringBuilder table = new StringBuilder("| variant | ms per round, median (min–max) of " + runs + " runs | slowdown (medians)"
                + " | slowdown, median (min–max) of per-run ratios |\n|---|---:|---:|---:|\n");
        for (int v = 0; v < variants.size(); v++) {
            List<Double> ms = perRun.get(v);
            List<Double> baseline = perRun.get(variants.get(v).baseline());
            List<Double> ratios = Stats.pairedRatios(ms, baseline);
            table.append(String.format(Locale.ROOT, "| %s | %.1f (%.1f–%.1f) | %.2f× | %.2f× (%.2f×–%.2f×) |%n", variants.get(v).label(),
                    Stats.median(ms), Stats.min(ms), Stats.max(ms), Stats.median(ms) / Stats.median(baseline),
                    Stats.median(ratios), Stats.min(ratios), Stats.max(ratios)));
        }
        System.out.print(table);
    }

    /** The classes jprof's include 'org.apache.commons.lang3.**' names, read from the library's jar. */
    static List<String> libraryClasses() throws Exception {
        URL url = LangWorkload.class.getClassLoader().getResource("org/apache/commons/lang3/StringUtils.class");
        if (url == null || !"jar".equals(url.getProtocol())) throw new IllegalStateException("commons-lang3 is not on the class path as a jar");
        String file = url.getPath().substring("file:".length(), url.getPath().indexOf('!'));
        List<String> classes = new ArrayList<>();
        try (ZipFile jar = new ZipFile(java.net.URLDecoder.decode(file, StandardCharsets.UTF_8))) {
            jar.stream().map(ZipEntry::getName)
                    .filter(n -> n.startsWith("org/apache/commons/lang3/") && n.endsWith(".class") && !n.endsWith("-info.class"))
                    .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
                    .forEach(classes::add);
        }
        Collections.sort(classes);
        return classes;
    }

    /** A JFR settings file with only jdk.MethodTiming on, for these classes (JFR's filter has no package wildcards). */
    static String methodTimingSettings(List<String> classes) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<configuration version=\"2.0\">\n"
                + "  <event name=\"jdk.MethodTiming\">\n    <setting name=\"enabled\">true</setting>\n"
                + "    <setting name=\"filter\">" + String.join(";", classes) + "</setting>\n"
                + "    <setting name=\"period\">endChunk</setting>\n  </event>\n</configuration>\n";
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
