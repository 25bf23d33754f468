package dev.jprof.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Whole-process overhead of profiling a real {@link Workload} (javac compiling commons-lang3, or H2 running SQL,
 * several iterations in one JVM): the plain run against JFR's default recording, JFR with only execution samples,
 * async-profiler and jprof record with each of its engines (async-profiler, JFR), at 10 ms and (optionally) at 1 ms,
 * run in alternating order round after round, so that the machine's drift cancels.
 */
public final class OverheadBench {
    /** The confidence level of the intervals given for medians of per-round ratios. */
    static final double CONFIDENCE = 0.95;
    /** What to run and how often. */
    public record Config(String java, int rounds, int iterations, int steadyIterations, Workload workload, Path classes,
                         Path jprofJar, AsyncProfiler asyncProfiler, Path workDir, long timeoutSeconds,
                         Quiet.Gate gate, boolean rotate, double startupSpinSeconds, boolean oneMillisecond) {
        /** The start-up benchmark: a program that only spins for a moment instead of a workload. */
        boolean startup() {
            return startupSpinSeconds > 0;
        }
    }

    /** One way to run the workload; {@code unavailable} says why it cannot run here (the row still shows). */
    public record Variant(String id, String label, Function<Path, List<String>> command,
                          String outputName, String unavailable) {
    }

    /** One run's measurements; NaN where it failed. */
    public record Sample(double wall, double cpu, double steady, double iterations, double otherLoad, String failure) {
        static Sample failed(String why) {
            return new Sample(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, why);
        }
    }

    private final Config config;
    private final List<Variant> variants = new ArrayList<>();
    private final Map<String, List<Sample>> samples = new LinkedHashMap<>();
    private final Map<String, String> dropped = new LinkedHashMap<>();
    private Path jfc;
    private Path jfc1ms;

    public OverheadBench(Config config) {
        this.config = config;
    }

    public List<Variant> variants() {
        return variants;
    }

    public Map<String, List<Sample>> samples() {
        return samples;
    }

    /** The workload's command, the java binary first; {@code times} receives the per-iteration milliseconds. */
    List<String> workload(List<String> jvmFlags, Path runDir) {
        List<String> cmd = new ArrayList<>();
        cmd.add(config.java());
        cmd.addAll(jvmFlags);
        if (config.startup()) {
            cmd.addAll(List.of("-cp", config.classes().toString(), "dev.jprof.bench.workload.Spin",
                    Double.toString(config.startupSpinSeconds())));
            return cmd;
        }
        cmd.addAll(config.workload().command(runDir, config.iterations()));
        return cmd;
    }

    /** Sets up the variants: writes the .jfc, and takes async-profiler's probe result. */
    public void prepare() throws IOException {
        Files.createDirectories(config.workDir());
        jfc = settings("execution-samples-10ms.jfc");
        jfc1ms = settings("execution-samples-1ms.jfc");
        AsyncProfiler ap = config.asyncProfiler();
        String jprofMissing = Files.isRegularFile(config.jprofJar()) ? null
                : "jprof.jar missing at " + config.jprofJar() + " (./bench builds it)";

        variants.add(new Variant("baseline", "baseline (no profiler)",
                dir -> workload(List.of(), dir), null, null));
        variants.add(new Variant("jfr-default", "JFR, settings=default",
                dir -> workload(List.of("-XX:StartFlightRecording=filename=" + dir.resolve("out.jfr") + ",settings=default"), dir),
                "out.jfr", null));
        variants.add(new Variant("jfr-profile", "JFR, settings=profile",
                dir -> workload(List.of("-XX:StartFlightRecording=filename=" + dir.resolve("out.jfr") + ",settings=profile"), dir),
                "out.jfr", null));
        variants.add(new Variant("jfr-exec10", "JFR, execution samples only, 10 ms",
                dir -> workload(List.of("-XX:StartFlightRecording=filename=" + dir.resolve("out.jfr") + ",settings=" + jfc), dir),
                "out.jfr", null));
        String apLabel = ap.library() == null ? "async-profiler cpu, 10 ms"
                : "async-profiler " + ap.event() + " 10 ms (engine " + ap.engine() + ")";
        variants.add(new Variant("async-profiler", apLabel,
                dir -> workload(List.of(ap.agentOption("10ms", dir.resolve("out.jfr"))), dir),
                "out.jfr", ap.library() == null ? ap.unavailable() : null));
        variants.add(new Variant("jprof-async", "jprof record --engine async (cpu, 10 ms; what auto picks here)",
                dir -> jprof(List.of("--engine", "async"), dir), "out.jfr", jprofMissing));
        variants.add(new Variant("jprof-jfr", "jprof record --engine jfr (cpu, 10 ms)",
                dir -> jprof(List.of("--engine", "jfr"), dir), "out.jfr", jprofMissing));
        variants.add(new Variant("jprof-async-wall", "jprof record --engine async --mode wall (10 ms)",
                dir -> jprof(List.of("--engine", "async", "--mode", "wall"), dir), "out.jfr", jprofMissing));
        if (config.startup()) {
            extractAgent();
            variants.add(new Variant("jprof-async-html", "jprof record --engine async -o out.html (cpu, 10 ms: the recording read and turned into the flame graph)",
                    dir -> jprofTo(List.of("--engine", "async"), dir, "out.html"), "out.html", jprofMissing));
            variants.add(new Variant("jprof-async-nocds", "jprof record --engine async without the class-data archive (JPROF_CDS=0)",
                    dir -> {
                        List<String> cmd = new ArrayList<>(JprofJvm.withoutArchive(config.java(), config.jprofJar(), "record", "--engine", "async"));
                        cmd.addAll(List.of("-o", dir.resolve("out.jfr").toString(), "--"));
                        cmd.addAll(workload(List.of(), dir));
                        return cmd;
                    }, "out.jfr", jprofMissing));
            // the parts of jprof's fixed cost inside the profiled JVM, without jprof's own JVM
            variants.add(new Variant("jprof-async-agent", "async-profiler as jprof's async engine starts it (cpu, 10 ms, JFR output)",
                    dir -> workload(List.of(ap.jprofAgentOption(10_000_000, dir.resolve("out.jfr"), dir.resolve("async-profiler.log"))), dir),
                    "out.jfr", ap.library() == null ? ap.unavailable() : null));
            Path agent = agentJar();
            variants.add(new Variant("jprof-jfr-agent", "jprof's JFR agent alone, as `record --engine jfr` starts it (cpu, 10 ms)",
                    dir -> workload(List.of("-javaagent:" + agent + "=mode=cpu,interval=10000000,file=" + dir.resolve("out.jfr"),
                            "-XX:+UnlockDiagnosticVMOptions", "-XX:+DebugNonSafepoints", "-XX:FlightRecorderOptions=stackdepth=2048"), dir),
                    "out.jfr", Files.isRegularFile(agent) ? null : "no jprof-agent.jar in " + config.jprofJar()));
        }
        if (config.oneMillisecond()) {
            variants.add(new Variant("jfr-exec-1ms", "JFR, execution samples only, 1 ms",
                    dir -> workload(List.of("-XX:StartFlightRecording=filename=" + dir.resolve("out.jfr") + ",settings=" + jfc1ms), dir),
                    "out.jfr", null));
            variants.add(new Variant("async-profiler-1ms", apLabel.replace("10 ms", "1 ms"),
                    dir -> workload(List.of(ap.agentOption("1ms", dir.resolve("out.jfr"))), dir),
                    "out.jfr", ap.library() == null ? ap.unavailable() : null));
            variants.add(new Variant("jprof-async-1ms", "jprof record --engine async --interval 1ms (cpu)",
                    dir -> jprof(List.of("--engine", "async", "--interval", "1ms"), dir), "out.jfr", jprofMissing));
            variants.add(new Variant("jprof-jfr-1ms", "jprof record --engine jfr --interval 1ms (cpu)",
                    dir -> jprof(List.of("--engine", "jfr", "--interval", "1ms"), dir), "out.jfr", jprofMissing));
            variants.add(new Variant("jprof-async-wall-1ms", "jprof record --engine async --mode wall --interval 1ms",
                    dir -> jprof(List.of("--engine", "async", "--mode", "wall", "--interval", "1ms"), dir), "out.jfr", jprofMissing));
        }
        for (Variant v : variants) samples.put(v.id(), new ArrayList<>());
    }

    /** The agent jar that jprof.jar carries, where {@link #extractAgent} puts it. */
    private Path agentJar() {
        return config.workDir().resolve("jprof-agent.jar");
    }

    private void extractAgent() throws IOException {
        if (!Files.isRegularFile(config.jprofJar())) return;
        try (java.util.zip.ZipFile jar = new java.util.zip.ZipFile(config.jprofJar().toFile())) {
            java.util.zip.ZipEntry entry = jar.getEntry("dev/jprof/cli/jprof-agent.jar");
            if (entry == null) return;
            try (InputStream in = jar.getInputStream(entry)) {
                Files.write(agentJar(), in.readAllBytes());
            }
        }
    }

    /** Copies a JFR settings file from the bench's resources into the work directory. */
    private Path settings(String name) throws IOException {
        Path file = config.workDir().resolve(name);
        try (InputStream in = OverheadBench.class.getResourceAsStream(name)) {
            if (in == null) throw new IOException("resource " + name + " missing from the bench classes");
            Files.write(file, in.readAllBytes());
        }
        return file;
    }

    private List<String> jprof(List<String> options, Path dir) {
        return jprofTo(options, dir, "out.jfr");
    }

    private List<String> jprofTo(List<String> options, Path dir, String output) {
        List<String> cmd = new ArrayList<>(JprofJvm.command(config.java(), config.jprofJar(), "record"));
        cmd.addAll(options);
        cmd.addAll(List.of("-o", dir.resolve(output).toString(), "--"));
        cmd.addAll(workload(List.of(), dir));
        return cmd;
    }

    /** Runs one unmeasured baseline (file cache, CDS archive), then the rounds. */
    public void run() throws IOException, InterruptedException {
        Path warm = config.workDir().resolve("warm-up");
        Files.createDirectories(warm);
        log("warm-up: one unmeasured baseline run");
        Timed.run(variants.get(0).command().apply(warm), warm, warm.resolve("run.log"), null, Map.of(), config.timeoutSeconds());
        for (int round = 1; round <= config.rounds(); round++) {
            for (Variant v : order(round)) {
                List<Sample> list = samples.get(v.id());
                if (v.unavailable() != null) {
                    list.add(Sample.failed(v.unavailable()));
                    continue;
                }
                if (dropped.containsKey(v.id())) {
                    list.add(Sample.failed(dropped.get(v.id())));
                    continue;
                }
                Path dir = config.workDir().resolve("r" + round + "-" + v.id());
                WorkFiles.deleteTree(dir);
                Files.createDirectories(dir);
                config.gate().await();
                Sample s = measure(v, dir);
                list.add(s);
                log(String.format(Locale.ROOT, "round %d/%d %-16s %s", round, config.rounds(), v.id(),
                        s.failure() != null ? "FAILED: " + s.failure()
                                : String.format(Locale.ROOT, "wall %.2f s  cpu %.2f s  steady %.2f s  other load %.0f%%",
                                s.wall(), s.cpu(), s.steady(), s.otherLoad() * 100)));
                // two failures in a row: the variant is broken here, not unlucky; stop spending time on it
                if (s.failure() != null && list.size() >= 2 && list.get(list.size() - 2).failure() != null) {
                    dropped.put(v.id(), s.failure());
                }
                if (s.failure() == null && !config.startup()) WorkFiles.deleteTree(dir.resolve(config.workload().id() + "-out"));
            }
        }
    }

    /** The variants in the order of a round: the same every round, or rotated by one place per round. */
    List<Variant> order(int round) {
        if (!config.rotate()) return variants;
        List<Variant> order = new ArrayList<>();
        int shift = (round - 1) % variants.size();
        for (int i = 0; i < variants.size(); i++) order.add(variants.get((i + shift) % variants.size()));
        return order;
    }

    private Sample measure(Variant v, Path dir) throws IOException, InterruptedException {
        Quiet.Ticks before = Quiet.now();
        Timed.Run run = Timed.run(v.command().apply(dir), dir, dir.resolve("run.log"), null, Map.of(), config.timeoutSeconds());
        Quiet.Ticks after = Quiet.now();
        if (!run.ok()) return Sample.failed(run.failure() + " (log: " + run.log() + ")");
        if (v.outputName() != null) {
            Path out = dir.resolve(v.outputName());
            if (!Files.isRegularFile(out) || Files.size(out) == 0) return Sample.failed("no recording written to " + out);
        }
        TimeResult t = run.time();
        double other = Quiet.otherShare(before, after, t.cpuSeconds(), t.wallSeconds(), Machine.cores());
        if (config.startup()) return new Sample(t.wallSeconds(), t.cpuSeconds(), Double.NaN, Double.NaN, other, null);
        Path times = dir.resolve("times.txt");
        if (!Files.isRegularFile(times)) return Sample.failed("the workload wrote no times file");
        List<Double> ms = Files.readAllLines(times, StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank()).map(l -> Double.parseDouble(l.strip())).toList();
        if (ms.size() != config.iterations()) return Sample.failed("times file has " + ms.size() + " iterations");
        double steady = 0;
        for (int i = ms.size() - config.steadyIterations(); i < ms.size(); i++) steady += ms.get(i) / 1000;
        double all = ms.stream().mapToDouble(Double::doubleValue).sum() / 1000;
        return new Sample(t.wallSeconds(), t.cpuSeconds(), steady, all, other, null);
    }

    /** A raw CSV of every run, for the curious and for re-analysis. */
    public String csv() {
        StringBuilder out = new StringBuilder("round,variant,wall_s,cpu_s,steady_s,iterations_s,other_load,failure\n");
        for (Variant v : variants) {
            List<Sample> list = samples.get(v.id());
            for (int i = 0; i < list.size(); i++) {
                Sample s = list.get(i);
                out.append(i + 1).append(',').append(v.id()).append(',').append(s.wall()).append(',').append(s.cpu())
                        .append(',').append(s.steady()).append(',').append(s.iterations()).append(',').append(s.otherLoad()).append(',')
                        .append(s.failure() == null ? "" : '"' + s.failure().replace("\"", "'") + '"').append('\n');
            }
        }
        return out.toString();
    }

    /** The exact command of each variant, with the long paths shortened (RUN is the run's own directory). */
    public String commands() {
        StringBuilder out = new StringBuilder();
        for (Variant v : variants) {
            out.append("- ").append(v.label()).append(": ");
            if (v.unavailable() != null) {
                out.append("cannot run here: ").append(v.unavailable()).append('\n');
                continue;
            }
            String cmd = String.join(" ", v.command().apply(Path.of("RUN")));
            if (!config.startup()) cmd = config.workload().shorten(cmd);
            cmd = JprofJvm.shorten(cmd, config.java(), config.jprofJar())
                    .replace(config.classes().toString(), "jprof-bench/target/classes")
                    .replace(config.jprofJar().toString(), "jprof.jar")
                    .replace(agentJar().toString(), "jprof-agent.jar");
            if (jfc != null) cmd = cmd.replace(jfc.toString(), "execution-samples-10ms.jfc");
            if (jfc1ms != null) cmd = cmd.replace(jfc1ms.toString(), "execution-samples-1ms.jfc");
            if (config.asyncProfiler().library() != null) {
                cmd = cmd.replace(config.asyncProfiler().library().toString(), "libasyncProfiler.so");
            }
            out.append('`').append(cmd).append("`\n");
        }
        return out.toString();
    }

    /** The Markdown tables (whole process; in-process steady state; per-round values). */
    public String tables() {
        List<Sample> base = samples.get("baseline");
        List<Double> baseWall = base.stream().map(Sample::wall).toList();
        List<Double> baseCpu = base.stream().map(Sample::cpu).toList();
        List<Double> baseSteady = base.stream().map(Sample::steady).toList();
        boolean baseOk = !Stats.measured(baseWall).isEmpty();

        List<List<String>> whole = new ArrayList<>();
        List<List<String>> steady = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (Variant v : variants) {
            List<Sample> list = samples.get(v.id());
            List<Double> wall = list.stream().map(Sample::wall).toList();
            List<Double> cpu = list.stream().map(Sample::cpu).toList();
            List<Double> st = list.stream().map(Sample::steady).toList();
            List<Double> outside = list.stream().map(s -> s.wall() - s.iterations()).toList();
            long ok = list.stream().filter(s -> s.failure() == null).count();
            if (ok == 0) {
                String why = list.isEmpty() ? "not run" : list.get(list.size() - 1).failure();
                whole.add(new ArrayList<>(List.of(v.label(), "not measured: " + why, "", "", "", "")));
                if (!config.startup()) whole.get(whole.size() - 1).addAll(List.of("", ""));
                steady.add(List.of(v.label(), "not measured", "", "", ""));
                continue;
            }
            if (ok < list.size()) {
                list.stream().filter(s -> s.failure() != null).map(Sample::failure).distinct()
                        .forEach(f -> failures.add(v.label() + ": " + (list.size() - ok) + " of " + list.size() + " runs failed: " + f));
            }
            String n = ok < list.size() ? " (n=" + ok + ")" : "";
            if (config.startup()) {
                whole.add(List.of(v.label() + n, spread(wall), difference(wall, baseWall), spread(cpu), difference(cpu, baseCpu),
                        load(list.stream().map(Sample::otherLoad).toList())));
                continue;
            }
            whole.add(List.of(v.label() + n,
                    spread(wall), baseOk ? percent(wall, baseWall) : "–", paired(wall, baseWall),
                    spread(cpu), baseOk ? ratio(cpu, baseCpu) : "–", paired(cpu, baseCpu),
                    load(list.stream().map(Sample::otherLoad).toList())));
            steady.add(List.of(v.label() + n, spread(st), baseOk ? percent(st, baseSteady) : "–", paired(st, baseSteady),
                    spread(outside)));
        }
        StringBuilder out = new StringBuilder();
        if (config.startup()) {
            out.append("A program that spins for " + config.startupSpinSeconds() + " s and exits"
                    + " (`dev.jprof.bench.workload.Spin`), so what is measured is each profiler's fixed cost: start-up inside"
                    + " and outside the JVM, the recording's dump at exit, and for jprof its launcher JVM and the reading of"
                    + " the recording. Medians over the rounds, min–max in brackets; \"extra\" is the median (min–max) of the"
                    + " per-round differences variant − baseline, in seconds.\n\n");
            out.append(Markdown.table(List.of("variant", "wall s", "extra wall s", "CPU s", "extra CPU s", "other load"), whole));
        } else {
        out.append("Whole process, from the shell's fork to the last exit (wall), and user+system CPU of the whole process tree"
                + " (jprof's own launcher JVM included). Medians over the rounds, min–max in brackets;"
                + " \"vs baseline\" compares medians, \"paired\" is the median of the per-round ratios variant/baseline with a"
                + " 95% confidence interval for it in brackets (distribution-free, from the order statistics; with fewer than"
                + " 6 rounds it is the min–max, which covers less: 94% at 5 rounds);"
                + " \"other load\" is the share of the machine that other processes (and the hypervisor) took during the runs,"
                + " median (max).\n\n");
        out.append(Markdown.table(List.of("variant", "wall s", "wall vs baseline", "wall paired ratio",
                "CPU s", "CPU vs baseline", "CPU paired ratio", "other load"), whole));
        List<List<String>> peers = againstPeers();
        if (!peers.isEmpty()) {
            out.append("\njprof against each peer at the same interval, round by round: the median of the per-round ratios"
                    + " jprof/peer and its 95% confidence interval. An interval wholly below 1.000× means jprof cost less"
                    + " than that peer in this run; one that straddles 1.000× means this many rounds cannot tell them apart.\n\n");
            out.append(Markdown.table(List.of("jprof", "against", "CPU ratio", "wall ratio"), peers));
        }
        String it = config.workload().iterationName();
        out.append("\nInside the workload JVM: ").append(config.steadyIterations() < config.iterations()
                        ? "the last " + config.steadyIterations() + " of " + config.iterations() + " " + it + " iterations (after warm-up)"
                        : (config.iterations() == 1 ? "the single " + it + " iteration" : "all " + config.iterations() + " " + it + " iterations")
                                + " (no warm-up left out: too few iterations for a steady state)")
                .append(", and the time outside the iterations"
                        + " (JVM start, profiler start and dump, jprof's launcher and conversion: wall − Σ iterations).\n\n");
        out.append(Markdown.table(List.of("variant", "steady-state s", "vs baseline", "paired ratio", "outside iterations s"), steady));
        }
        if (!failures.isEmpty()) {
            out.append("\nFailed runs (left out of the figures above):\n\n");
            for (String f : failures) out.append("- ").append(f).append('\n');
        }
        out.append("\n<details><summary>Per-round values (wall s / CPU s)</summary>\n\n");
        List<String> header = new ArrayList<>(List.of("variant"));
        for (int r = 1; r <= config.rounds(); r++) header.add("round " + r);
        List<List<String>> rows = new ArrayList<>();
        for (Variant v : variants) {
            List<String> row = new ArrayList<>(List.of(v.id()));
            for (Sample s : samples.get(v.id())) {
                row.add(s.failure() != null ? "failed" : Markdown.seconds(s.wall()) + " / " + Markdown.seconds(s.cpu()));
            }
            rows.add(row);
        }
        out.append(Markdown.table(header, rows)).append("\n</details>\n");
        return out.toString();
    }

    static String spread(List<Double> values) {
        List<Double> m = Stats.measured(values);
        return Markdown.seconds(Stats.median(m)) + " (" + Markdown.seconds(Stats.min(m)) + "–" + Markdown.seconds(Stats.max(m)) + ")";
    }

    /** "3% (12%)": median and max of the other-load shares, or "–" when unknown. */
    static String load(List<Double> shares) {
        List<Double> m = Stats.measured(shares);
        if (m.isEmpty()) return "–";
        return String.format(Locale.ROOT, "%.0f%% (%.0f%%)", Stats.median(m) * 100, Stats.max(m) * 100);
    }

    static String difference(List<Double> variant, List<Double> baseline) {
        List<Double> d = Stats.pairedDifferences(variant, baseline);
        if (d.isEmpty()) return "–";
        return String.format(Locale.ROOT, "%+.2f (%+.2f…%+.2f)", Stats.median(d), Stats.min(d), Stats.max(d));
    }

    static String percent(List<Double> variant, List<Double> baseline) {
        return Markdown.percent(Stats.ratioOfMedians(Stats.measured(variant), Stats.measured(baseline)));
    }

    static String ratio(List<Double> variant, List<Double> baseline) {
        return Markdown.ratio(Stats.ratioOfMedians(Stats.measured(variant), Stats.measured(baseline)));
    }

    /** The median of the per-round ratios and, in brackets, its 95% confidence interval ({@link Stats#medianInterval}). */
    static String paired(List<Double> variant, List<Double> baseline) {
        List<Double> r = Stats.pairedRatios(variant, baseline);
        if (r.isEmpty()) return "–";
        double[] ci = Stats.medianInterval(r, CONFIDENCE);
        return Markdown.ratio(Stats.median(r)) + " (" + Markdown.ratio(ci[0]) + "–" + Markdown.ratio(ci[1]) + ")";
    }

    /**
     * Each jprof variant against each peer at the same interval, round by round: the per-round ratios
     * jprof/peer of CPU and of wall time, median and 95% confidence interval. Whether jprof costs less
     * than a peer can be read from whether the interval lies below 1.
     */
    List<List<String>> againstPeers() {
        List<List<String>> rows = new ArrayList<>();
        for (Variant j : variants) {
            if (!j.id().startsWith("jprof-") || !measuredAny(j)) continue;
            for (Variant peer : variants) {
                if (peer.id().startsWith("jprof-") || peer.id().equals("baseline") || !measuredAny(peer)) continue;
                if (oneMillisecond(peer.id()) != oneMillisecond(j.id())) continue;
                List<Sample> js = samples.get(j.id());
                List<Sample> ps = samples.get(peer.id());
                rows.add(List.of(j.label(), peer.label(),
                        paired(js.stream().map(Sample::cpu).toList(), ps.stream().map(Sample::cpu).toList()),
                        paired(js.stream().map(Sample::wall).toList(), ps.stream().map(Sample::wall).toList())));
            }
        }
        return rows;
    }

    private boolean measuredAny(Variant v) {
        return samples.get(v.id()).stream().anyMatch(s -> s.failure() == null);
    }

    static boolean oneMillisecond(String variantId) {
        return variantId.endsWith("-1ms");
    }

    private void log(String line) {
        System.out.println((config.startup() ? "[startup] " : "[overhead " + config.workload().id() + "] ") + line);
    }
}
