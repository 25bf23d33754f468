package dev.jprof.bench.trace;

import dev.jprof.bench.Markdown;
import dev.jprof.bench.Timed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The runner's tracing section: {@link TraceCallBench} (JMH, per-call cost, JDK 17 and JDK 25 where installed),
 * {@link TraceCallCpuTime} (the same in thread CPU time) and {@link TraceWorkloadBench} (commons-lang3 with all of
 * its methods traced), each in its own JVM on the bench
 * module's runtime classpath (JMH, commons-lang3; written to target/classpath.txt by the bench build).
 */
public final class TraceBench {
    /**
     * @param java25 JDK 25's java for the JDK 25 and JFR method-timing rows, or null to leave them out
     * @param jmhOptions JMH's own options (iterations and their length)
     */
    public record Config(String java, String java25, Path classes, Path classpathFile, Path agentJar, Path workDir,
                         List<String> jmhOptions, int workloadRuns, long timeoutSeconds) {
    }

    private final Config config;
    private String callTable;
    private String callFailure;
    private String cpuTable;
    private String cpuFailure;
    private String workloadTable;
    private String workloadFailure;
    private final List<String> commands = new ArrayList<>();

    public TraceBench(Config config) {
        this.config = config;
    }

    public void run() throws IOException, InterruptedException {
        Files.createDirectories(config.workDir());
        for (Path p : List.of(config.classpathFile(), config.agentJar())) {
            if (!Files.isRegularFile(p)) throw new IOException(p + " is missing; ./bench builds it (./mvnw -Pbench package -pl jprof-cli,jprof-bench -am)");
        }
        String classpath = config.classes() + ":" + Files.readString(config.classpathFile(), StandardCharsets.UTF_8).strip();

        List<String> call = new ArrayList<>(List.of(config.java(), "-cp", classpath, TraceCallBench.class.getName(),
                config.agentJar().toString()));
        if (config.java25() != null) call.add(config.java25());
        call.add("--");
        call.addAll(config.jmhOptions());
        System.out.println("[bench] trace: JMH, per-call cost (" + String.join(" ", config.jmhOptions()) + ")");
        Path callOut = config.workDir().resolve("trace-call.out");
        Timed.Run run = Timed.run(call, config.workDir(), config.workDir().resolve("trace-call.log"), callOut, Map.of(),
                config.timeoutSeconds());
        String output = Files.isRegularFile(callOut) ? Files.readString(callOut, StandardCharsets.UTF_8) : "";
        String table = Markdown.lastTable(output);
        if (!run.ok() || table.isEmpty()) {
            callFailure = (run.ok() ? "no table in its output" : exception(run.log(), run.failure())) + jmhFailure(output);
        } else {
            callTable = JmhLog.withSpread(table, JmhLog.iterations(output), "ns");
        }
        commands.add(shown(call, classpath));

        List<String> cpu = new ArrayList<>(List.of(config.java(), "-cp", classpath, TraceCallCpuTime.class.getName(),
                config.agentJar().toString()));
        if (config.java25() != null) cpu.add(config.java25());
        System.out.println("[bench] trace: per-call cost in thread CPU time");
        Path cpuOut = config.workDir().resolve("trace-cpu.out");
        run = Timed.run(cpu, config.workDir(), config.workDir().resolve("trace-cpu.log"), cpuOut, Map.of(), config.timeoutSeconds());
        table = Files.isRegularFile(cpuOut) ? Markdown.lastTable(Files.readString(cpuOut, StandardCharsets.UTF_8)) : "";
        if (!run.ok() || table.isEmpty()) {
            cpuFailure = run.ok() ? "no table in its output" : exception(run.log(), run.failure());
        } else {
            cpuTable = table;
        }
        commands.add(shown(cpu, classpath));

        List<String> workload = new ArrayList<>(List.of(config.java(), "-cp", classpath, TraceWorkloadBench.class.getName(),
                config.agentJar().toString(), Integer.toString(config.workloadRuns())));
        if (config.java25() != null) workload.add(config.java25());
        System.out.println("[bench] trace: commons-lang3 traced, " + config.workloadRuns() + " run(s) per variant");
        Path workloadOut = config.workDir().resolve("trace-workload.out");
        run = Timed.run(workload, config.workDir(), config.workDir().resolve("trace-workload.log"), workloadOut, Map.of(),
                config.timeoutSeconds());
        table = Files.isRegularFile(workloadOut) ? Markdown.lastTable(Files.readString(workloadOut, StandardCharsets.UTF_8)) : "";
        if (!run.ok() || table.isEmpty()) {
            workloadFailure = run.ok() ? "no table in its output" : exception(run.log(), run.failure());
        } else {
            workloadTable = table;
        }
        commands.add(shown(workload, classpath));
    }

    /** The first "Exception in thread" line of a failed run's log (its cause, where the last line is a stack frame), else {@code otherwise}. */
    static String exception(Path log, String otherwise) throws IOException {
        return Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(l -> l.startsWith("Exception in thread"))
                .findFirst().map(String::strip).orElse(otherwise);
    }

    /** What JMH said about a failed fork (the line after its {@code <failure>} mark), or "". */
    static String jmhFailure(String output) {
        List<String> lines = output.lines().toList();
        for (int i = 0; i + 1 < lines.size(); i++) {
            if (lines.get(i).strip().equals("<failure>")) {
                for (int k = i + 1; k < lines.size(); k++) {
                    if (!lines.get(k).isBlank()) return "; JMH: " + lines.get(k).strip();
                }
            }
        }
        return "";
    }

    private String shown(List<String> command, String classpath) {
        return "`" + String.join(" ", command).replace(classpath, "\"jprof-bench/target/classes:$(cat jprof-bench/target/classpath.txt)\"")
                .replace(config.agentJar().toString(), "jprof-agent/target/jprof-agent.jar") + "`";
    }

    /** The section's Markdown: both tables (or why one is missing) and the commands that made them. */
    public String tables() {
        StringBuilder out = new StringBuilder();
        out.append("Per-call cost, JMH average time of one call of `TracedCalls.leaf` (`x * 31 + 7`), one fork per variant (")
                .append(String.join(" ", config.jmhOptions())).append(")")
                .append(config.java25() == null ? "; JDK 25 rows not run (`--java25 none`, the default of --quick, or no JDK 25 found; `--java25 PATH` runs them)" : "")
                .append(". \"As jprof reports it\" is the leaf's time per call in jprof's own trace, after subtracting the"
                        + " hook cost it measured at start (before, in brackets): the truth is about 1 ns. The last column is the"
                        + " median (min–max) of the measured iterations, N = " + iterationsText() + ".\n\n");
        out.append(callTable != null ? callTable : "**TraceCallBench failed**: " + callFailure + " (log: trace-call.log in the run directory)\n");
        out.append("\nThe same per-call cost in thread CPU time, which waiting for a CPU does not inflate (`TraceCallCpuTime`:"
                + " each variant in its own JVM, the leaf called in rounds of about 100 ms after 2 s of warm-up, the median of 15 rounds;"
                + " wall/CPU is the ratio of wall to CPU time over the rounds, 1.0 when the thread had a CPU to itself)")
                .append(".\n\n");
        out.append(cpuTable != null ? cpuTable : "**TraceCallCpuTime failed**: " + cpuFailure + " (log: trace-cpu.log in the run directory)\n");
        out.append("\nA real library, all of its methods traced: `dev.jprof.bench.workload.LangWorkload` runs commons-lang3"
                + " (StringUtils, StringEscapeUtils, WordUtils) for 12 rounds; per run the median of the second half's round times;"
                + " N = ").append(config.workloadRuns()).append(" runs per variant, alternating.\n\n");
        out.append(workloadTable != null ? workloadTable : "**TraceWorkloadBench failed**: " + workloadFailure
                + " (log: trace-workload.log in the run directory)\n");
        out.append("\nCommands:\n\n");
        for (String c : commands) out.append("- ").append(c).append('\n');
        return out.toString();
    }

    private String iterationsText() {
        for (int i = 0; i + 1 < config.jmhOptions().size(); i++) {
            if (config.jmhOptions().get(i).equals("-i")) return config.jmhOptions().get(i + 1) + " per variant";
        }
        return "as the JMH defaults of `TraceCallBench`";
    }
}
