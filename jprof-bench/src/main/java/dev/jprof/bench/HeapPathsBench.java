package dev.jprof.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code jprof heap paths} on a large heap dump, jprof's own heap capped at 2 GB: fills a JVM's heap
 * ({@link dev.jprof.bench.workload.HeapFill}), dumps it once through jprof ({@code --pid ... --keep}),
 * then reads the dump {@code --file} several times, with wall time, CPU time and peak memory (GNU time) of each;
 * once with the flags the {@code ./jprof} launcher gives jprof's JVM (C1 only, serial GC) and, unless left out,
 * once with the JVM's defaults (C2, G1).
 *
 * <pre>
 * java -cp jprof-bench/target/classes dev.jprof.bench.HeapPathsBench [--sessions N] [--runs N] [--java PATH] [--repo DIR] [--no-c2]
 * </pre>
 * Needs jprof-cli/target/jprof.jar and the bench classes (./mvnw -Pbench package -pl jprof-cli,jprof-bench -am);
 * {@code ./bench --only heap} runs it and rewrites its section of BENCHMARKS.md.
 */
public final class HeapPathsBench {
    /** About 620 bytes of heap per session (HeapFill); the workload's -Xmx leaves room for the dump's full GC. */
    static final long HEAP_BYTES_PER_SESSION = 2_400;

    public record Config(String java, Path classes, Path jprofJar, Path workDir, long sessions, int runs, boolean c2,
                         long timeoutSeconds) {
    }

    /** What jprof said on stderr: the dump's size and time (--pid), the objects it read and how long reading took. */
    record Said(long dumpBytes, double dumpSeconds, long objects, long references, long classes, double readSeconds) {
        private static final Pattern DUMPED = Pattern.compile("jprof: dumped ([\\d,]+) bytes in ([\\d.]+) s");
        private static final Pattern READ = Pattern.compile(
                "jprof: read .*: ([\\d,]+) objects, ([\\d,]+) references, ([\\d,]+) classes in ([\\d.]+) s");

        static Said parse(String stderr) {
            Matcher d = DUMPED.matcher(stderr);
            Matcher r = READ.matcher(stderr);
            boolean dumped = d.find();
            if (!r.find()) throw new IllegalArgumentException("no 'jprof: read ...' line in jprof's output: " + stderr.strip());
            return new Said(dumped ? number(d.group(1)) : -1, dumped ? Double.parseDouble(d.group(2)) : Double.NaN,
                    number(r.group(1)), number(r.group(2)), number(r.group(3)), Double.parseDouble(r.group(4)));
        }

        private static long number(String s) {
            return Long.parseLong(s.replace(",", ""));
        }
    }

    /** One configuration of jprof's JVM: the --pid run and the --file runs. */
    private record Row(String jvm, TimeResult pid, Said pidSaid, List<TimeResult> reads, List<Said> readSaid, String failure) {
    }

    private final Config config;
    private final List<Row> rows = new ArrayList<>();

    public HeapPathsBench(Config config) {
        this.config = config;
    }

    public static void main(String[] args) throws Exception {
        long sessions = 400_000;
        int runs = 3;
        boolean c2 = true;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path repo = Path.of("").toAbsolutePath();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--sessions" -> sessions = Long.parseLong(args[++i].replace("_", ""));
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--java" -> java = args[++i];
                case "--repo" -> repo = Path.of(args[++i]).toAbsolutePath();
                case "--no-c2" -> c2 = false;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path work = Files.createTempDirectory("jprof-heap-bench-");
        try {
            HeapPathsBench bench = new HeapPathsBench(new Config(java, repo.resolve("jprof-bench/target/classes"),
                    repo.resolve("jprof-cli/target/jprof.jar"), work, sessions, runs, c2, 600));
            bench.run();
            System.out.println(bench.tables());
        } finally {
            WorkFiles.deleteTree(work);
        }
    }

    public void run() throws IOException, InterruptedException {
        Files.createDirectories(config.workDir());
        rows.add(row("`./jprof`'s flags (C1, serial GC)", JprofJvm.FLAGS));
        if (config.c2()) rows.add(row("JVM defaults (C2, G1)", List.of()));
    }

    private Row row(String name, List<String> flags) throws IOException, InterruptedException {
        System.out.println("[bench] heap: " + Markdown.count(config.sessions()) + " sessions, jprof with " + name);
        long xmxMb = Math.max(512, config.sessions() * HEAP_BYTES_PER_SESSION / (1 << 20));
        Process target = new ProcessBuilder(config.java(), "-Xmx" + xmxMb + "m", "-cp", config.classes().toString(),
                "dev.jprof.bench.workload.HeapFill", Long.toString(config.sessions()))
                .redirectError(ProcessBuilder.Redirect.appendTo(config.workDir().resolve("target.log").toFile())).start();
        Path dump = config.workDir().resolve("heap.hprof");
        try {
            String ready = new BufferedReader(new InputStreamReader(target.getInputStream(), StandardCharsets.UTF_8)).readLine();
            if (ready == null || !ready.startsWith("ready")) return new Row(name, null, null, List.of(), List.of(), "the workload did not start");
            Timed.Run first = jprof(flags, "heap", "paths", "--pid", Long.toString(target.pid()), "--type", "Session",
                    "--keep", dump.toString(), "-o", config.workDir().resolve("first.dot").toString());
            target.destroyForcibly();
            target.waitFor(30, TimeUnit.SECONDS);
            if (!first.ok()) return new Row(name, null, null, List.of(), List.of(), "--pid: " + first.failure());
            Said firstSaid = Said.parse(Files.readString(first.log()));
            List<TimeResult> reads = new ArrayList<>();
            List<Said> said = new ArrayList<>();
            for (int r = 0; r < config.runs(); r++) {
                Timed.Run read = jprof(flags, "heap", "paths", "--file", dump.toString(), "--type", "Session",
                        "-o", config.workDir().resolve("read.dot").toString());
                if (!read.ok()) return new Row(name, first.time(), firstSaid, reads, said, "--file: " + read.failure());
                reads.add(read.time());
                said.add(Said.parse(Files.readString(read.log())));
            }
            return new Row(name, first.time(), firstSaid, reads, said, null);
        } finally {
            target.destroyForcibly();
            target.waitFor(30, TimeUnit.SECONDS);
            Files.deleteIfExists(dump);
        }
    }

    /** jprof with -Xmx2g and the given JVM flags, under GNU time. */
    private Timed.Run jprof(List<String> flags, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(config.java(), "-Xmx2g"));
        command.addAll(flags);
        command.addAll(List.of("-jar", config.jprofJar().toString()));
        command.addAll(List.of(args));
        return Timed.run(command, config.workDir(), config.workDir().resolve("jprof-" + args[2].substring(2) + ".log"),
                config.workDir().resolve("paths.txt"), Map.of(), config.timeoutSeconds());
    }

    /** The section's Markdown. */
    public String tables() {
        StringBuilder out = new StringBuilder();
        out.append("The workload (`dev.jprof.bench.workload.HeapFill`) keeps ").append(Markdown.count(config.sessions()))
                .append(" sessions in a static `HashMap`, about 12 small objects each (a server-like heap: many objects, few large ones).")
                .append(" Per row a fresh workload; `jprof heap paths --pid PID --type Session --keep heap.hprof` once (dump through JMX,")
                .append(" then read and search), then `jprof heap paths --file heap.hprof --type Session` ").append(config.runs())
                .append(" time(s); every jprof under `java -Xmx2g` and `/usr/bin/time`. Wall and CPU: median (min–max) of the `--file` runs;")
                .append(" \"read\" is jprof's own timing of reading the dump (its stderr); peak RSS is the largest of the runs.\n\n");
        List<List<String>> table = new ArrayList<>();
        for (Row row : rows) {
            if (row.pid() == null || row.reads().isEmpty()) {
                table.add(List.of(row.jvm(), "–", "failed: " + row.failure(), "–", "–", "–", "–"));
                continue;
            }
            Said s = row.readSaid().get(0);
            List<Double> wall = row.reads().stream().map(TimeResult::wallSeconds).toList();
            List<Double> cpu = row.reads().stream().map(TimeResult::cpuSeconds).toList();
            List<Double> read = row.readSaid().stream().map(Said::readSeconds).toList();
            long rss = Math.max(row.pid().maxRssKb(), row.reads().stream().mapToLong(TimeResult::maxRssKb).max().orElse(0));
            table.add(List.of(row.jvm(),
                    row.pidSaid().dumpBytes() >= 1e9 ? String.format(Locale.ROOT, "%.2f GB", row.pidSaid().dumpBytes() / 1e9)
                            : String.format(Locale.ROOT, "%.0f MB", row.pidSaid().dumpBytes() / 1e6),
                    Markdown.count(s.objects()) + " (" + Markdown.count(s.references()) + " references, " + Markdown.count(s.classes()) + " classes)",
                    String.format(Locale.ROOT, "%.1f s (dump %.1f s, read %.1f s)", row.pid().wallSeconds(), row.pidSaid().dumpSeconds(),
                            row.pidSaid().readSeconds()),
                    LiveBench.spread(wall, "%.1f") + " s (read " + LiveBench.spread(read, "%.1f") + " s)",
                    LiveBench.spread(cpu, "%.1f") + " s",
                    Markdown.count(rss / 1024.0) + " MB"));
            if (row.failure() != null) table.add(List.of(row.jvm(), "", "failed: " + row.failure(), "", "", "", ""));
        }
        out.append(Markdown.table(List.of("jprof's JVM", "dump", "objects", "dump + read + chains (`--pid`)",
                "read + chains (`--file`), wall", "`--file` CPU", "peak RSS of jprof"), table));
        out.append("\nCommands (PID the workload's; the row with the JVM's defaults runs jprof without the flags in brackets):\n\n");
        out.append("- workload: `java -Xmx").append(Math.max(512, config.sessions() * HEAP_BYTES_PER_SESSION / (1 << 20)))
                .append("m -cp jprof-bench/target/classes dev.jprof.bench.workload.HeapFill ").append(config.sessions()).append("`\n");
        out.append("- `java -Xmx2g [").append(String.join(" ", JprofJvm.FLAGS)).append("] -jar jprof.jar heap paths --pid PID --type Session --keep heap.hprof -o first.dot`\n");
        out.append("- `java -Xmx2g [").append(String.join(" ", JprofJvm.FLAGS)).append("] -jar jprof.jar heap paths --file heap.hprof --type Session -o read.dot`\n");
        return out.toString();
    }
}
