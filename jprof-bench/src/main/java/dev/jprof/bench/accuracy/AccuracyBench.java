package dev.jprof.bench.accuracy;

import dev.jprof.bench.AsyncProfiler;
import dev.jprof.bench.Markdown;
import dev.jprof.bench.Stats;
import dev.jprof.bench.Timed;
import dev.jprof.bench.WorkFiles;

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
 * Accuracy on ground truth: each program of {@link Program} runs under each {@link Peer}, round after round, at
 * 10 ms and (for the programs that ask for it) at 1 ms; each profile's attribution is compared with the truth the
 * same run printed, by the total-variation distance.
 */
public final class AccuracyBench {
    /** What to run and how often. */
    public record Config(String java, Path classes, Path testapps, Path jprofJar, AsyncProfiler asyncProfiler,
                         Path workDir, int rounds, double seconds, long timeoutSeconds, boolean oneMillisecond) {
    }

    /** A program at one sampling interval ("10ms" or "1ms"): one row of the tables. */
    public record Case(Program program, String interval) {
        public String id() {
            return program.id() + (interval.equals(DEFAULT_INTERVAL) ? "" : "@" + interval);
        }

        /** The interval in milliseconds, as the naive sampler takes it. */
        String millis() {
            return interval.replace("ms", "");
        }
    }

    static final String DEFAULT_INTERVAL = "10ms";
    static final String ONE_MILLISECOND = "1ms";

    /** The profilers compared. */
    public enum Peer {
        JPROF_ASYNC("jprof record --engine async"),
        JPROF_JFR("jprof record --engine jfr"),
        JFR("JFR (jdk.ExecutionSample)"),
        ASYNC_PROFILER("async-profiler"),
        NAIVE("naive getAllStackTraces() sampler");

        final String label;

        Peer(String label) {
            this.label = label;
        }
    }

    /** One run's score: the distance, the weight inside and outside the categories, the shares; or why it failed. */
    public record Score(double distance, Attribution attribution, Map<String, Double> truth, String failure) {
        static Score failed(String why) {
            return new Score(Double.NaN, null, null, why);
        }
    }

    private final Config config;
    private final Map<String, List<Score>> scores = new LinkedHashMap<>();
    private Path jfc;
    private Path jfc1ms;
    private final List<Case> cases = new ArrayList<>();

    public AccuracyBench(Config config) {
        this.config = config;
    }

    public Map<String, List<Score>> scores() {
        return scores;
    }

    public List<Case> cases() {
        return cases;
    }

    static String key(Case c, Peer peer) {
        return c.id() + "/" + peer.name();
    }

    /** Why a peer cannot run here, or null. */
    String unavailable(Peer peer) {
        if (peer == Peer.ASYNC_PROFILER && config.asyncProfiler().library() == null) return config.asyncProfiler().unavailable();
        if (jprof(peer) && !Files.isRegularFile(config.jprofJar())) return "jprof.jar missing at " + config.jprofJar();
        return null;
    }

    /** The program's JVM command with {@code flags}; its truth goes to RUN/truth.txt. */
    private List<String> program(Program program, List<String> flags, String classpath, List<String> wrapper, Path dir) {
        List<String> cmd = new ArrayList<>(List.of(config.java()));
        cmd.addAll(flags);
        cmd.addAll(List.of("-Dtestapps.truth=" + dir.resolve("truth.txt"), "-cp", classpath));
        cmd.addAll(wrapper);
        cmd.add(program.mainClass());
        cmd.addAll(program.args(config.seconds()));
        return cmd;
    }

    static boolean jprof(Peer peer) {
        return peer == Peer.JPROF_ASYNC || peer == Peer.JPROF_JFR;
    }

    /** The command that runs the case's program under {@code peer}, its profile written to RUN/out.collapsed or RUN/out.jfr. */
    public List<String> command(Case c, Peer peer, Path dir) {
        String apps = config.testapps().toString();
        Program program = c.program();
        return switch (peer) {
            case JPROF_ASYNC, JPROF_JFR -> {
                List<String> cmd = new ArrayList<>(List.of(config.java(), "-jar", config.jprofJar().toString(), "record",
                        "--engine", peer == Peer.JPROF_ASYNC ? "async" : "jfr"));
                if (!c.interval().equals(DEFAULT_INTERVAL)) cmd.addAll(List.of("--interval", c.interval()));
                if (program.wall()) cmd.addAll(List.of("--mode", "wall"));
                else cmd.addAll(List.of("--value", "cpu"));
                cmd.addAll(List.of("--threads", "-o", dir.resolve("out.collapsed").toString(), "--"));
                cmd.addAll(program(program, List.of(), apps, List.of(), dir));
                yield cmd;
            }
            case JFR -> program(program, List.of("-XX:StartFlightRecording=filename=" + dir.resolve("out.jfr") + ",settings="
                    + (c.interval().equals(ONE_MILLISECOND) ? jfc1ms : jfc)), apps, List.of(), dir);
            case ASYNC_PROFILER -> program(program, List.of(config.asyncProfiler().collapsedOption(program.wall() ? "wall" : null,
                    c.interval(), dir.resolve("out.collapsed"))), apps, List.of(), dir);
            case NAIVE -> program(program, List.of(), config.classes() + java.io.File.pathSeparator + apps,
                    List.of("dev.jprof.bench.workload.NaiveSampler", dir.resolve("out.collapsed").toString(),
                            program.wall() ? "wall" : "cpu", c.millis()), dir);
        };
    }

    /** Writes the JFR settings files (execution samples only, every 10 ms and every 1 ms) and sets up the cases. */
    public void prepare() throws IOException {
        Files.createDirectories(config.workDir());
        jfc = settings("execution-samples-10ms.jfc");
        jfc1ms = settings("execution-samples-1ms.jfc");
        for (Program program : Program.values()) {
            cases.add(new Case(program, DEFAULT_INTERVAL));
            if (config.oneMillisecond() && program.atOneMillisecond()) cases.add(new Case(program, ONE_MILLISECOND));
        }
        for (Case c : cases) {
            for (Peer peer : Peer.values()) scores.put(key(c, peer), new ArrayList<>());
        }
    }

    private Path settings(String name) throws IOException {
        Path file = config.workDir().resolve(name);
        try (InputStream in = AccuracyBench.class.getResourceAsStream("/dev/jprof/bench/" + name)) {
            if (in == null) throw new IOException("resource " + name + " missing from the bench classes");
            Files.write(file, in.readAllBytes());
        }
        return file;
    }

    public void run() throws IOException, InterruptedException {
        for (int round = 1; round <= config.rounds(); round++) {
            for (Case c : cases) {
                for (Peer peer : Peer.values()) {
                    List<Score> list = scores.get(key(c, peer));
                    String why = unavailable(peer);
                    Score s = why != null ? Score.failed(why) : measure(c, peer, config.workDir().resolve("r" + round + "-"
                            + c.id().replace('@', '-') + "-" + peer.name().toLowerCase(Locale.ROOT)));
                    list.add(s);
                    System.out.println(String.format(Locale.ROOT, "[accuracy] round %d/%d %-17s %-14s %s", round, config.rounds(),
                            c.id(), peer.name().toLowerCase(Locale.ROOT), s.failure() != null ? "FAILED: " + s.failure()
                                    : String.format(Locale.ROOT, "TVD %.3f  %s", s.distance(), shares(s.attribution().shares()))));
                }
            }
        }
    }

    private Score measure(Case c, Peer peer, Path dir) throws IOException, InterruptedException {
        Program program = c.program();
        WorkFiles.deleteTree(dir);
        Files.createDirectories(dir);
        Timed.Run run = Timed.run(command(c, peer, dir), dir, dir.resolve("run.log"), null, Map.of(), config.timeoutSeconds());
        if (!run.ok()) return Score.failed(run.failure() + " (log: " + run.log() + ")");
        Path truthFile = dir.resolve("truth.txt");
        if (!Files.isRegularFile(truthFile)) return Score.failed("the program wrote no truth file");
        Path jfr = dir.resolve("out.jfr");
        Path collapsed = dir.resolve("out.collapsed");
        try {
            List<StackSample> samples = peer == Peer.JFR ? StackSample.readJfr(jfr)
                    : StackSample.parseCollapsed(Files.readString(collapsed, StandardCharsets.UTF_8), true);
            Map<String, Double> truth = program.truth(Files.readString(truthFile, StandardCharsets.UTF_8));
            Attribution a = program.attribute(samples);
            if (a.inside() == 0) return new Score(1, a, truth, null);
            return new Score(Distance.totalVariation(a.weights(), truth), a, truth, null);
        } catch (IOException | IllegalArgumentException e) {
            return Score.failed(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** "alpha 49.8%, beta 30.1%, gamma 20.1%", or for many categories "32 of 32 seen, 2.1–4.3% each". */
    static String shares(Map<String, Double> shares) {
        if (shares.size() > 4) {
            List<Double> values = new ArrayList<>(shares.values());
            long seen = values.stream().filter(v -> v > 0).count();
            return String.format(Locale.ROOT, "%d of %d seen, %.1f–%.1f%% each", seen, values.size(),
                    Stats.min(values) * 100, Stats.max(values) * 100);
        }
        List<String> parts = new ArrayList<>();
        shares.forEach((k, v) -> parts.add(String.format(Locale.ROOT, "%s %.1f%%", k, v * 100)));
        return String.join(", ", parts);
    }

    private static Map<String, Double> normalised(Map<String, Double> weights) {
        double total = weights.values().stream().mapToDouble(Double::doubleValue).sum();
        Map<String, Double> out = new LinkedHashMap<>();
        weights.forEach((k, v) -> out.put(k, total == 0 ? 0 : v / total));
        return out;
    }

    /** "0.012 (0.008–0.020)": median and min–max of the distances, or why none was measured. */
    static String distances(List<Score> list) {
        List<Double> d = list.stream().filter(s -> s.failure() == null).map(Score::distance).toList();
        if (d.isEmpty()) return "not measured: " + (list.isEmpty() ? "not run" : list.get(list.size() - 1).failure());
        String n = d.size() < list.size() ? " (n=" + d.size() + ")" : "";
        if (d.size() == 1) return String.format(Locale.ROOT, "%.3f%s", d.get(0), n);
        return String.format(Locale.ROOT, "%.3f (%.3f–%.3f)%s", Stats.median(d), Stats.min(d), Stats.max(d), n);
    }

    /** The exact commands, with the long paths shortened. */
    public String commands() {
        StringBuilder out = new StringBuilder();
        for (Case c : cases) {
            out.append("- ").append(c.program().id()).append(" at ").append(c.interval()).append(":\n");
            for (Peer peer : Peer.values()) {
                out.append("  - ").append(peer.label).append(": ");
                String why = unavailable(peer);
                if (why != null) {
                    out.append("cannot run here: ").append(why).append('\n');
                    continue;
                }
                String cmd = String.join(" ", command(c, peer, Path.of("RUN")))
                        .replace(config.classes().toString(), "jprof-bench/target/classes")
                        .replace(config.testapps().toString(), "jprof-cli-tests.jar")
                        .replace(config.jprofJar().toString(), "jprof.jar")
                        .replace(jfc.toString(), "execution-samples-10ms.jfc")
                        .replace(jfc1ms.toString(), "execution-samples-1ms.jfc");
                if (config.asyncProfiler().library() != null) {
                    cmd = cmd.replace(config.asyncProfiler().library().toString(), "libasyncProfiler.so");
                }
                out.append('`').append(cmd).append("`\n");
            }
        }
        return out.toString();
    }

    /** The Markdown: the distance matrix, then per program and peer what the profile saw against the truth. */
    public String tables() {
        AsyncProfiler ap = config.asyncProfiler();
        String apLabel = ap.library() == null ? "async-profiler" : "async-profiler (" + ap.event() + " / wall)";
        List<String> header = new ArrayList<>(List.of("program (truth)"));
        for (Peer peer : Peer.values()) header.add(peer == Peer.ASYNC_PROFILER ? apLabel : peer.label);
        List<List<String>> rows = new ArrayList<>();
        for (Case c : cases) {
            List<String> row = new ArrayList<>(List.of("**" + c.program().id() + "** (" + (c.program().wall() ? "wall" : "cpu")
                    + ", " + c.interval().replace("ms", " ms") + ")"));
            for (Peer peer : Peer.values()) row.add(distances(scores.get(key(c, peer))));
            rows.add(row);
        }
        List<List<String>> detail = new ArrayList<>();
        for (Case c : cases) {
            String program = c.program().id() + ", " + c.interval().replace("ms", " ms");
            for (Peer peer : Peer.values()) {
                List<Score> list = scores.get(key(c, peer));
                Score last = null;
                for (Score s : list) if (s.failure() == null) last = s;
                if (last == null) {
                    detail.add(List.of(program, peer.label, distances(list), "", "", ""));
                    continue;
                }
                Attribution a = last.attribution();
                double all = a.inside() + a.outside();
                detail.add(List.of(program, peer.label, distances(list),
                        String.format(Locale.ROOT, "%.0f%%", all == 0 ? 0 : 100 * a.inside() / all),
                        shares(a.shares()), shares(normalised(last.truth()))));
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("Total-variation distance 0.5·Σ|p−q| between each profiler's attribution p and the truth q that the same run"
                + " measured and printed (0 = exact, 1 = entirely wrong): median (min–max) over the rounds. Each program"
                + " runs " + config.seconds() + " s.\n\n");
        for (Program program : Program.values()) {
            out.append("- **").append(program.id()).append("** (`").append(program.mainClass()).append("`): ")
                    .append(program.description()).append('\n');
        }
        out.append('\n').append(Markdown.table(header, rows));
        out.append("\nHow the peers ran: jprof with each engine (`--engine async`: async-profiler inside jprof, what `auto` picks"
                + " where it loads; `--engine jfr`: the JVM's own Flight Recorder), `--value cpu` (its CPU-time estimate) on the CPU"
                + " programs and `--mode wall` on SleepSplit, `--interval 1ms` in the 1 ms rows;"
                + " JFR as a user starts it, `-XX:StartFlightRecording` with only `jdk.ExecutionSample` every 10 ms (1 ms) and"
                + " without `-XX:+DebugNonSafepoints` (which jprof adds when it launches a JVM), so a method inlined into its caller"
                + " is blamed on the caller; JFR has no wall-clock sampler, so on SleepSplit it sees only the computing;"
                + " async-profiler with event=" + (ap.library() == null ? "cpu" : ap.event()) + " (wall on SleepSplit),"
                + " interval 10 ms (1 ms), collapsed output; the naive sampler is `dev.jprof.bench.workload.NaiveSampler`, a thread in"
                + " the program's JVM calling `Thread.getAllStackTraces()` every 10 ms (1 ms) (counting only RUNNABLE threads, except on"
                + " SleepSplit).\n");
        out.append("\nWhat each profile saw in the last round, next to that round's truth. \"scored\" is the share of the"
                + " profile's weight on stacks through the program's measured code (or on the 32 threads); the rest (other"
                + " threads, JVM start-up, the truth's own measuring) is left out. \"other\" is weight on those stacks that"
                + " names none of the measured methods, where the truth has none (for example a sample blamed on the caller of"
                + " an inlined method).\n\n");
        out.append(Markdown.table(List.of("program", "profiler", "distance", "scored", "profile", "truth"), detail));
        return out.toString();
    }
}
