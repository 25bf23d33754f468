package dev.jprof.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Benchmarks of jprof's live views against one running {@link dev.jprof.bench.workload.LiveWorkload}
 * JVM (200 waiting threads plus workers):
 * <ul>
 * <li>dump: end-to-end wall time of {@code jprof dump --pid} (text and --json), {@code jstack} and
 *     {@code jcmd Thread.print}, each a fresh process as a user would run it, in rotated order;</li>
 * <li>top: the workload's throughput while {@code jprof top --pid} samples it (steady state, from the
 *     first printed table on) against windows of the same length without it, alternating; plus top's
 *     own CPU use.</li>
 * </ul>
 * Prints Markdown tables.
 *
 * <pre>java -cp jprof-bench/target/classes dev.jprof.bench.LiveBench --jar jprof-cli/target/jprof.jar [--launcher ./jprof]
 *     [--java JAVA] [--rounds 10] [--window 10] [--workers 1] [--intervals 10ms,20ms] [--no-dump]</pre>
 */
public final class LiveBench {
    private LiveBench() {
    }

    public static void main(String[] args) throws Exception {
        String jar = "jprof-cli/target/jprof.jar";
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        int rounds = 10;
        int window = 10;
        int workers = 1;
        boolean dumps = true;
        String launcher = null;
        List<String> intervals = List.of("10ms");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--jar" -> jar = args[++i];
                case "--java" -> java = args[++i];
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--window" -> window = Integer.parseInt(args[++i]);
                case "--workers" -> workers = Integer.parseInt(args[++i]);
                case "--no-dump" -> dumps = false;
                case "--launcher" -> launcher = args[++i];
                case "--intervals" -> intervals = List.of(args[++i].split(","));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path bin = Path.of(java).getParent();
        // a copy, so that a rebuild of the jar during the run cannot pull classes from under a running jprof
        Path jarCopy = Files.createTempFile("jprof-livebench-", ".jar");
        jarCopy.toFile().deleteOnExit();
        Files.copy(Path.of(jar), jarCopy, StandardCopyOption.REPLACE_EXISTING);
        jar = jarCopy.toString();
        String classes = Path.of(LiveBench.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        Workload workload = Workload.start(java, classes, workers);
        try {
            System.out.printf(Locale.ROOT, "Workload: LiveWorkload, %d worker thread(s), 200 waiting threads, pid %d, %s%n%n",
                    workers, workload.pid, version(java));
            Thread.sleep(5_000); // JIT warm-up
            if (dumps) dumps(workload, jar, launcher, java, bin, rounds);
            for (String interval : intervals) top(workload, jar, java, rounds, window, interval);
        } finally {
            workload.close();
        }
    }

    private static void dumps(Workload workload, String jar, String launcher, String java, Path bin, int rounds) throws Exception {
        String pid = Long.toString(workload.pid);
        Map<String, List<String>> variants = new LinkedHashMap<>();
        variants.put("`jprof dump --pid`", List.of(java, "-jar", jar, "dump", "--pid", pid));
        variants.put("`jprof dump --pid --json`", List.of(java, "-jar", jar, "dump", "--pid", pid, "--json"));
        if (launcher != null) variants.put("`./jprof dump --pid` (launcher: C1 only, serial GC)", List.of(launcher, "dump", "--pid", pid));
        variants.put("`jstack`", List.of(bin.resolve("jstack").toString(), pid));
        variants.put("`jcmd Thread.print`", List.of(bin.resolve("jcmd").toString(), pid, "Thread.print"));
        List<String> names = new ArrayList<>(variants.keySet());
        Map<String, List<Double>> millis = new LinkedHashMap<>();
        for (String name : names) millis.put(name, new ArrayList<>());
        for (String name : names) run(variants.get(name)); // first runs: JMX agent start, page cache
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < names.size(); k++) {
                String name = names.get((r + k) % names.size());
                millis.get(name).add(run(variants.get(name)));
            }
        }
        System.out.println("| thread dump of a JVM with " + threads(workload) + " threads | median ms | min–max ms |");
        System.out.println("|---|---:|---:|");
        for (String name : names) {
            List<Double> m = millis.get(name);
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f–%.0f |%n", name, Stats.median(m), Stats.min(m), Stats.max(m));
        }
        System.out.println();
    }

    private static int threads(Workload workload) {
        try {
            return (int) Files.list(Path.of("/proc", Long.toString(workload.pid), "task")).count();
        } catch (IOException e) {
            return -1;
        }
    }

    private static double run(List<String> command) throws Exception {
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("did not finish in 60 s: " + command);
        }
        if (process.exitValue() != 0) throw new IOException("exit " + process.exitValue() + ": " + command);
        return (System.nanoTime() - start) / 1e6;
    }

    private static void top(Workload workload, String jar, String java, int rounds, int window, String interval) throws Exception {
        List<Window> without = new ArrayList<>();
        List<Window> with = new ArrayList<>();
        List<Double> topCpu = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            boolean topFirst = r % 2 == 1;
            for (int phase = 0; phase < 2; phase++) {
                boolean withTop = (phase == 0) == topFirst;
                if (!withTop) {
                    without.add(workload.throughput(window));
                    continue;
                }
                Process top = new ProcessBuilder(java, "-jar", jar, "top", "--pid", Long.toString(workload.pid),
                        "--interval", interval, "--iterations", "100000").redirectError(ProcessBuilder.Redirect.INHERIT).start();
                BufferedReader out = new BufferedReader(new InputStreamReader(top.getInputStream(), StandardCharsets.UTF_8));
                String line;
                while ((line = out.readLine()) != null && !line.startsWith("jprof top")) {
                    // until the first table: sampling runs from here on
                }
                Thread drain = new Thread(() -> {
                    try {
                        while (out.readLine() != null) {
                            // discard
                        }
                    } catch (IOException e) {
                        // ended
                    }
                });
                drain.setDaemon(true);
                drain.start();
                long cpuBefore = cpuTicks(top.pid());
                with.add(workload.throughput(window));
                if (!top.isAlive()) throw new IOException("jprof top exited early with " + top.exitValue());
                topCpu.add((cpuTicks(top.pid()) - cpuBefore) / 100.0 / window);
                top.destroy(); // SIGTERM: top stops its recording and exits
                top.waitFor(30, TimeUnit.SECONDS);
                Thread.sleep(1_000);
            }
        }
        System.out.printf(Locale.ROOT, "| `jprof top --interval %s`, %d rounds of %d s each way | without top | with top | change, median of per-round ratios (min–max) |%n",
                interval, rounds, window);
        System.out.println("|---|---:|---:|---:|");
        row("workload ops per second (wall; follows the machine's load)", without, with, Window::opsPerSecond, false);
        row("workload ops per CPU-second of its worker thread(s)", without, with, Window::opsPerWorkerCpuSecond, false);
        row("CPU time of the whole workload process per op (µs)", without, with, Window::processCpuMicrosPerOp, true);
        System.out.printf(Locale.ROOT, "| jprof top's own CPU, share of one core, median (min–max) | | %.1f%% (%.1f–%.1f%%) | |%n",
                100 * Stats.median(topCpu), 100 * Stats.min(topCpu), 100 * Stats.max(topCpu));
        System.out.println();
    }

    private static void row(String what, List<Window> without, List<Window> with,
                            java.util.function.ToDoubleFunction<Window> value, boolean costUp) {
        List<Double> a = without.stream().map(value::applyAsDouble).toList();
        List<Double> b = with.stream().map(value::applyAsDouble).toList();
        List<Double> ratios = Stats.pairedRatios(b, a);
        System.out.printf(Locale.ROOT, "| %s | %.2f | %.2f | %+.2f%% (%+.2f%% to %+.2f%%) |%n", what, Stats.median(a), Stats.median(b),
                100 * (Stats.median(ratios) - 1), 100 * (Stats.min(ratios) - 1), 100 * (Stats.max(ratios) - 1));
    }

    /** What the workload reported at the two ends of a window. */
    record Window(long nanos, long ops, long processCpuNanos, long workerCpuNanos) {
        double opsPerSecond() {
            return ops / (nanos / 1e9);
        }

        double opsPerWorkerCpuSecond() {
            return ops / (workerCpuNanos / 1e9);
        }

        double processCpuMicrosPerOp() {
            return processCpuNanos / 1e3 / ops;
        }
    }

    /** utime + stime of a process, in clock ticks (1/100 s). */
    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static String version(String java) throws Exception {
        Process p = new ProcessBuilder(java, "-version").redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return text.lines().findFirst().orElse("?");
    }

    /** The running workload and its latest ops line. */
    private static final class Workload implements AutoCloseable {
        final Process process;
        final long pid;
        final AtomicReference<long[]> latest = new AtomicReference<>();

        private Workload(Process process, long pid) {
            this.process = process;
            this.pid = pid;
        }

        static Workload start(String java, String classes, int workers) throws IOException {
            Process process = new ProcessBuilder(java, "-cp", classes, "dev.jprof.bench.workload.LiveWorkload",
                    Integer.toString(workers), "200").redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String ready = out.readLine();
            if (ready == null || !ready.startsWith("ready ")) throw new IOException("workload did not start");
            Workload workload = new Workload(process, Long.parseLong(ready.substring(6).trim()));
            Thread reader = new Thread(() -> {
                try {
                    String line;
                    while ((line = out.readLine()) != null) {
                        String[] parts = line.split(" ");
                        if (parts.length == 5 && parts[0].equals("ops")) {
                            long[] values = new long[4];
                            for (int k = 0; k < 4; k++) values[k] = Long.parseLong(parts[k + 1]);
                            workload.latest.set(values);
                        }
                    }
                } catch (IOException e) {
                    // ended
                }
            });
            reader.setDaemon(true);
            reader.start();
            return workload;
        }

        /** The workload's own clock, work and CPU counters over the next {@code seconds}. */
        Window throughput(int seconds) throws InterruptedException {
            long[] first = next(null);
            Thread.sleep(seconds * 1000L);
            long[] last = next(first);
            return new Window(last[0] - first[0], last[1] - first[1], last[2] - first[2], last[3] - first[3]);
        }

        private long[] next(long[] after) throws InterruptedException {
            long[] current = latest.get();
            while (current == null || current == after) {
                Thread.sleep(20);
                current = latest.get();
            }
            // wait for a fresh line so that both ends are the workload's own measurements
            long[] start = current;
            while ((current = latest.get()) == start) Thread.sleep(5);
            return current;
        }

        @Override
        public void close() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
