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
import java.util.concurrent.TimeUnit;

/**
 * {@code jprof heap paths} on a large heap dump, jprof's own heap capped at 2 GB: fills a JVM's heap
 * ({@link dev.jprof.bench.workload.HeapFill}), dumps it once through jprof ({@code --pid ... --keep}),
 * then reads the dump {@code --file} several times, with wall time and peak memory (GNU time) of each.
 *
 * <pre>
 * java -cp jprof-bench/target/classes dev.jprof.bench.HeapPathsBench [--sessions N] [--runs N] [--java PATH] [--repo DIR] [--c2]
 * </pre>
 * jprof runs with the flags the {@code ./jprof} launcher gives it (C1 only, serial GC) unless {@code --c2}.
 * Needs jprof-cli/target/jprof.jar and the bench classes (./mvnw -Pbench package -pl jprof-cli,jprof-bench -am).
 */
public final class HeapPathsBench {
    private HeapPathsBench() {
    }

    public static void main(String[] args) throws Exception {
        long sessions = 1_700_000;
        int runs = 3;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path repo = Path.of("").toAbsolutePath();
        List<String> flags = new ArrayList<>(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--sessions" -> sessions = Long.parseLong(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--java" -> java = args[++i];
                case "--repo" -> repo = Path.of(args[++i]).toAbsolutePath();
                case "--c2" -> flags.clear();
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path jar = repo.resolve("jprof-cli/target/jprof.jar");
        Path classes = repo.resolve("jprof-bench/target/classes");
        Path work = Files.createTempDirectory("jprof-heap-bench-");
        Process target = new ProcessBuilder(java, "-Xmx4g", "-cp", classes.toString(), "dev.jprof.bench.workload.HeapFill",
                Long.toString(sessions)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            String ready = new BufferedReader(new InputStreamReader(target.getInputStream(), StandardCharsets.UTF_8)).readLine();
            if (ready == null || !ready.startsWith("ready")) throw new IllegalStateException("the workload did not start: " + ready);
            Path dump = work.resolve("heap.hprof");
            Run first = run(work, java, flags, jar, "heap", "paths", "--pid", Long.toString(target.pid()), "--type", "Session",
                    "--keep", dump.toString(), "-o", work.resolve("first.dot").toString());
            target.destroyForcibly();
            target.waitFor(30, TimeUnit.SECONDS);
            System.out.println(first.stderr.strip());
            long size = Files.size(dump);
            List<Run> reads = new ArrayList<>();
            for (int r = 0; r < runs; r++) {
                Run read = run(work, java, flags, jar, "heap", "paths", "--file", dump.toString(), "--type", "Session",
                        "-o", work.resolve("read.dot").toString());
                System.out.println(read.stderr.strip());
                reads.add(read);
            }
            System.out.println();
            System.out.println("jprof's JVM: -Xmx2g " + String.join(" ", flags));
            System.out.printf(Locale.ROOT, "| dump | objects (from jprof) | dump + read + chains (--pid) | read + chains (--file), %d runs | peak RSS of jprof |%n", runs);
            System.out.println("|---|---|---|---|---|");
            List<Double> times = reads.stream().map(r -> r.seconds).sorted().toList();
            long rss = reads.stream().mapToLong(r -> r.maxRssKb).max().orElse(0);
            System.out.printf(Locale.ROOT, "| %.2f GB | %s | %.1f s | median %.1f s (%.1f–%.1f) | %d MB |%n", size / 1e9,
                    objects(reads.get(0).stderr), first.seconds, times.get(times.size() / 2), times.get(0), times.get(times.size() - 1),
                    rss / 1024);
            System.out.println();
            System.out.println(reads.get(0).stdout.strip());
        } finally {
            target.destroyForcibly();
            try (var files = Files.list(work)) {
                for (Path p : files.toList()) Files.deleteIfExists(p);
            }
            Files.deleteIfExists(work);
        }
    }

    private record Run(double seconds, long maxRssKb, String stdout, String stderr) {
    }

    private static String objects(String stderr) {
        var m = java.util.regex.Pattern.compile("([\\d,]+) objects").matcher(stderr);
        return m.find() ? m.group(1) : "?";
    }

    /** jprof with -Xmx2g under GNU time: wall seconds and peak RSS. */
    private static Run run(Path work, String java, List<String> flags, Path jar, String... args) throws IOException, InterruptedException {
        Path times = work.resolve("time.txt");
        Path out = work.resolve("out.txt");
        Path err = work.resolve("err.txt");
        List<String> command = new ArrayList<>(List.of("/usr/bin/time", "-o", times.toString(), "-f", "%e %M", java, "-Xmx2g"));
        command.addAll(flags);
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(work.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("jprof did not finish in 10 minutes");
        }
        String stderr = Files.readString(err);
        if (p.exitValue() != 0) throw new IllegalStateException("jprof failed (" + p.exitValue() + "): " + stderr);
        String[] t = Files.readString(times).strip().split("\\s+");
        return new Run(Double.parseDouble(t[t.length - 2]), Long.parseLong(t[t.length - 1]), Files.readString(out), stderr);
    }
}
