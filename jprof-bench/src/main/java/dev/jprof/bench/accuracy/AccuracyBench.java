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
 * Accuracy on ground truth: each program of {@link Program} runs under each {@link Peer}, round after round;
 * each profile's attribution is compared with the truth the same run printed, by the total-variation distance.
 */
public final class AccuracyBench {
    /** What to run and how often. */
    public record Config(String java, Path classes, Path testapps, Path jprofJar, AsyncProfiler asyncProfiler,
                         Path workDir, int rounds, double seconds, long timeoutSeconds) {
    }

    /** The profilers compared. */
    public enum Peer {
        JPROF("jprof record"),
        JFR("JFR (jdk.ExecutionSample, 10 ms)"),
        ASYNC_PROFILER("async-profiler"),
        NAIVE("naive getAllStackTraces() sampler, 10 ms");

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

    public AccuracyBench(Config config) {
        this.config = config;
    }

    public Map<String, List<Score>> scores() {
        return scores;
    }

    static String key(Program program, Peer peer) {
        return program.id() + "/" + peer.name();
    }

    /** Why a peer cannot run here, or null. */
    String unavailable(Peer peer) {
        if (peer == Peer.ASYNC_PROFILER && config.asyncProfiler().library() == null) return config.asyncProfiler().unavailable();
        if (peer == Peer.JPROF && !Files.isRegularFile(config.jprofJar())) return "jprof.jar missing at " + config.jprofJar();
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

    /** The command that runs {@code program} under {@code peer}, its profile written to RUN/out.collapsed or RUN/out.jfr. */
    public List<String> command(Program program, Peer peer, Path dir) {
        String apps = config.testapps().toString();
        return switch (peer) {
            case JPROF -> {
                List<String> cmd = new ArrayList<>(List.of(config.java(), "-jar", config.jprofJar().toString(), "record"));
                if (program.wall()) cmd.addAll(List.of("--mode", "wall"));
                else cmd.addAll(List.of("--value", "cpu"));
                cmd.addAll(List.of("--threads", "-o", dir.resolve("out.collapsed").toString(), "--"));
                cmd.addAll(program(program, List.of(), apps, List.of(), dir));
                yield cmd;
            }
            case JFR -> program(program, List.of("-XX:StartFlightRecording=filename=" + dir.resolve("out.jfr") + ",settings=" + jfc),
                    apps, List.of(), dir);
            case ASYNC_PROFILER -> program(program, List.of(config.asyncProfiler().collapsedOption(program.wall() ? "wall" : null,
                    "10ms", dir.resolve("out.collapsed"))), apps, List.of(), dir);
            case NAIVE -> program(program, List.of(), config.classes() + java.io.File.pathSeparator + apps,
                    List.of("dev.jprof.bench.workload.NaiveSampler", dir.resolve("out.collapsed").toString(),
                            program.wall() ? "wall" : "cpu", "10"), dir);
        };
    }

    /** Writes the JFR settings file (execution samples only, every 10 ms). */
    public void prepare() throws IOException {
        Files.createDirectories(config.workDir());
        jfc = config.workDir().resolve("execution-samples-10ms.jfc");
        try (InputStream in = AccuracyBench.class.getResourceAsStream("/dev/jprof/bench/execution-samples-10ms.jfc")) {
            if (in == null) throw new IOException("resource execution-samples-10ms.jfc missing from the bench classes");
            Files.write(jfc, in.readAllBytes());
        }
        for (Program program : Program.values()) {
            for (Peer peer : Peer.values()) scores.put(key(program, peer), new ArrayList<>());
        }
    }

    public void run() throws IOException, InterruptedException {
        for (int round = 1; round <= config.rounds(); round++) {
            for (Program program : Program.values()) {
                for (Peer peer : Peer.values()) {
                    List<Score> list = scores.get(key(program, peer));
                    String why = unavailable(peer);
                    Score s = why != null ? Score.failed(why) : measure(program, peer,
                            config.workDir().resolve("r" + round + "-" + program.id() + "-" + peer.name().toLowerCase(Locale.ROOT)));
                    list.add(s);
                    System.out.println(String.format(Locale.ROOT, "[accuracy] round %d/%d %-13s %-14s %s", round, config.rounds(),
                            program.id(), peer.name().toLowerCase(Locale.ROOT), s.failure() != null ? "FAILED: " + s.failure()
                                    : String.format(Locale.ROOT, "TVD %.3f  %s", s.distance(), shares(s.attribution().shares()))));
                }
            }
        }
    }

    private Score measure(Program program, Peer peer, Path dir) throws IOException, InterruptedException {
        WorkFiles.deleteTree(dir);
        Files.createDirectories(dir);
        Timed.Run run = Timed.run(command(program, peer, dir), dir, dir.resolve("run.log"), null, Map.of(), config.timeoutSeconds());
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
        for (Program program : Program.values()) {
            out.append("- ").append(program.id()).append(":\n");
            for (Peer peer : Peer.values()) {
                out.append("  - ").append(peer.label).append(": ");
                String why = unavailable(peer);
                if (why != null) {
                    out.append("cannot run here: ").append(why).append('\n');
                    continue;
                }
                String cmd = String.join(" ", command(program, peer, Path.of("RUN")))
                        .replace(config.classes().toString(), "jprof-bench/target/classes")
                        .replace(config.testapps().toString(), "jprof-cli-tests.jar")
                        .replace(config.jprofJar().toString(), "jprof.jar")
                        .replace(jfc.toString(), "execution-samples-10ms.jfc");
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
        String apLabel = ap.library() == null ? "async-profiler" : "async-profiler (" + ap.event() + " / wall, 10 ms)";
        List<String> header = new ArrayList<>(List.of("program (truth)"));
        for (Peer peer : Peer.values()) header.add(peer == Peer.ASYNC_PROFILER ? apLabel : peer.label);
        List<List<String>> rows = new ArrayList<>();
        for (Program program : Program.values()) {
            List<String> row = new ArrayList<>(List.of("**" + program.id() + "** (" + (program.wall() ? "wall" : "cpu") + ")"));
            for (Peer peer : Peer.values()) row.add(distances(scores.get(key(program, peer))));
            rows.add(row);
        }
        List<List<String>> detail = new ArrayList<>();
        for (Program program : Program.values()) {
            for (Peer peer : Peer.values()) {
                List<Score> list = scores.get(key(program, peer));
                Score last = null;
                for (Score s : list) if (s.failure() == null) last = s;
                if (last == null) {
                    detail.add(List.of(program.id(), peer.label, distances(list), "", "", ""));
                    continue;
                }
                Attribution a = last.attribution();
                double all = a.inside() + a.outside();
                detail.add(List.of(program.id(), peer.label, distances(list),
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
        out.append("\nHow the peers ran: jprof with `--value cpu` (its CPU-time estimate) on the CPU programs and `--mode wall` on"
                + " SleepSplit; JFR as a user starts it, `-XX:StartFlightRecording` with only `jdk.ExecutionSample` every 10 ms and"
                + " without `-XX:+DebugNonSafepoints` (which jprof adds when it launches a JVM), so a method inlined into its caller"
                + " is blamed on the caller; JFR has no wall-clock sampler, so on SleepSplit it sees only the computing;"
                + " async-profiler with event=" + (ap.library() == null ? "cpu" : ap.event()) + " (wall on SleepSplit),"
                + " interval 10 ms, collapsed output; the naive sampler is `dev.jprof.bench.workload.NaiveSampler`, a thread in"
                + " the program's JVM calling `Thread.getAllStackTraces()` every 10 ms (counting only RUNNABLE threads, except on"
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
