package dev.jprof.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;

/**
 * Benchmarks of jprof's live views and of attaching, against {@link dev.jprof.bench.workload.LiveWorkload} JVMs
 * (200 waiting threads plus a worker computing at a call depth of 20):
 * <ul>
 * <li>dump: wall and CPU time of {@code jprof dump --pid} (text and --json), {@code jstack} and {@code jcmd Thread.print},
 *     each a fresh process as a user runs it, in rotated order after one unmeasured run each;</li>
 * <li>top: the workload's throughput and CPU per unit of work while {@code jprof top --pid} samples it, against
 *     windows of the same length without it, alternating; plus top's own CPU;</li>
 * <li>attach: {@code jprof record --pid PID --duration D} against {@code jcmd PID JFR.start duration=D}: from the
 *     command's start to the recording running inside the target (the target reports its JFR state changes with
 *     its own System.nanoTime, the machine's monotonic clock), to the command's exit and to the recording's stop,
 *     on a fresh JVM (first attach) and again on the same JVM.</li>
 * </ul>
 *
 * <pre>java -cp jprof-bench/target/classes dev.jprof.bench.LiveBench [--jar jprof-cli/target/jprof.jar] [--java JAVA]
 *     [--dump-rounds 5] [--top-rounds 4] [--window 5] [--intervals 20ms] [--attach-rounds 3] [--record-seconds 1]</pre>
 * {@code ./bench --only live} runs it and rewrites its section of BENCHMARKS.md.
 */
public final class LiveBench {
    /** The options of one run; jprof runs as the {@code ./jprof} launcher runs it ({@link JprofJvm}). */
    public record Config(String java, Path classes, Path jprofJar, Path workDir, int idleThreads, int dumpRounds, int topRounds,
                         int topWindowSeconds, List<String> topIntervals, int attachRounds, int recordSeconds, long timeoutSeconds) {
    }

    private final Config config;
    private final Path bin;
    private int dumpThreads;
    private final Map<String, List<String>> dumpCommands = new LinkedHashMap<>();
    private final Map<String, List<TimeResult>> dumps = new LinkedHashMap<>();
    private final StringBuilder topTables = new StringBuilder();
    private final Map<String, List<Attach>> attaches = new LinkedHashMap<>();
    private final Map<String, String> attachCommands = new LinkedHashMap<>();
    private final List<String> failures = new ArrayList<>();

    public LiveBench(Config config) {
        this.config = config;
        this.bin = Path.of(config.java()).getParent();
    }

    public static void main(String[] args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path jar = Path.of("jprof-cli/target/jprof.jar");
        int dumpRounds = 5;
        int topRounds = 4;
        int window = 5;
        int attachRounds = 3;
        int recordSeconds = 1;
        List<String> intervals = List.of("20ms");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--jar" -> jar = Path.of(args[++i]);
                case "--java" -> java = args[++i];
                case "--dump-rounds" -> dumpRounds = Integer.parseInt(args[++i]);
                case "--top-rounds" -> topRounds = Integer.parseInt(args[++i]);
                case "--window" -> window = Integer.parseInt(args[++i]);
                case "--intervals" -> intervals = List.of(args[++i].split(","));
                case "--attach-rounds" -> attachRounds = Integer.parseInt(args[++i]);
                case "--record-seconds" -> recordSeconds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path classes = Path.of(LiveBench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path work = Files.createTempDirectory("jprof-livebench-");
        // a copy, so that a rebuild of the jar during the run cannot pull classes from under a running jprof
        Path jarCopy = work.resolve("jprof.jar");
        Files.copy(jar, jarCopy);
        LiveBench bench = new LiveBench(new Config(java, classes, jarCopy, work, 200, dumpRounds, topRounds, window, intervals,
                attachRounds, recordSeconds, 120));
        bench.run();
        System.out.println(bench.tables());
        WorkFiles.deleteTree(work);
    }

    public void run() throws IOException, InterruptedException {
        Files.createDirectories(config.workDir());
        try (Target target = Target.start(config, false)) {
            Thread.sleep(Math.min(3, config.topWindowSeconds()) * 1000L); // JIT warm-up of the worker before top measures it
            dumps(target);
            for (String interval : config.topIntervals()) top(target, interval);
        }
        attach();
    }

    private void dumps(Target target) throws IOException, InterruptedException {
        String pid = Long.toString(target.pid);
        dumpThreads = target.threads();
        dumpCommands.put("`jprof dump --pid PID`", JprofJvm.command(config.java(), config.jprofJar(), "dump", "--pid", pid));
        dumpCommands.put("`jprof dump --pid PID --json`", JprofJvm.command(config.java(), config.jprofJar(), "dump", "--pid", pid, "--json"));
        dumpCommands.put("`jstack PID`", List.of(bin.resolve("jstack").toString(), pid));
        dumpCommands.put("`jcmd PID Thread.print`", List.of(bin.resolve("jcmd").toString(), pid, "Thread.print"));
        List<String> names = new ArrayList<>(dumpCommands.keySet());
        System.out.println("[bench] live: dump of " + dumpThreads + " threads, " + config.dumpRounds() + " round(s)");
        for (String name : names) dumps.put(name, new ArrayList<>());
        Path dir = Files.createDirectories(config.workDir().resolve("dump"));
        for (String name : names) dumpRun(name, dir); // first runs: the target's JMX agent starts, page cache
        for (int r = 0; r < config.dumpRounds(); r++) {
            for (int k = 0; k < names.size(); k++) {
                String name = names.get((r + k) % names.size());
                TimeResult t = dumpRun(name, dir);
                if (t != null) dumps.get(name).add(t);
            }
        }
    }

    private TimeResult dumpRun(String name, Path dir) throws IOException, InterruptedException {
        Timed.Run run = Timed.run(dumpCommands.get(name), dir, dir.resolve("dump.log"), dir.resolve("dump.out"), Map.of(),
                config.timeoutSeconds());
        if (!run.ok()) {
            failures.add(name + ": " + run.failure());
            return null;
        }
        return run.time();
    }

    private void top(Target target, String interval) throws IOException, InterruptedException {
        System.out.println("[bench] live: top --interval " + interval + ", " + config.topRounds() + " round(s) of "
                + config.topWindowSeconds() + " s each way");
        List<Window> without = new ArrayList<>();
        List<Window> with = new ArrayList<>();
        List<Double> topCpu = new ArrayList<>();
        int window = config.topWindowSeconds();
        for (int r = 0; r < config.topRounds(); r++) {
            boolean topFirst = r % 2 == 1;
            for (int phase = 0; phase < 2; phase++) {
                boolean withTop = (phase == 0) == topFirst;
                if (!withTop) {
                    without.add(target.throughput(window));
                    continue;
                }
                Process top = new ProcessBuilder(JprofJvm.command(config.java(), config.jprofJar(), "top", "--pid",
                        Long.toString(target.pid), "--interval", interval, "--iterations", "100000"))
                        .redirectError(config.workDir().resolve("top.log").toFile()).start();
                BufferedReader out = new BufferedReader(new InputStreamReader(top.getInputStream(), StandardCharsets.UTF_8));
                // until the first table: sampling runs from here on
                String line = ProcessLines.awaitLine(out, "jprof top");
                if (line == null) throw new IOException("jprof top printed no table: " + Timed.lastLine(config.workDir().resolve("top.log")));
                ProcessLines.drainInBackground(out);
                long cpuBefore = cpuTicks(top.pid());
                with.add(target.throughput(window));
                if (!top.isAlive()) throw new IOException("jprof top exited early with " + top.exitValue());
                topCpu.add((cpuTicks(top.pid()) - cpuBefore) / 100.0 / window);
                top.destroy(); // SIGTERM: top stops its recording and exits
                if (!top.waitFor(30, TimeUnit.SECONDS)) top.destroyForcibly();
                Thread.sleep(1_000);
            }
        }
        topTables.append(String.format(Locale.ROOT, "| `jprof top --interval %s`, %d round(s) of %d s each way | without top | with top"
                + " | change, median of per-round ratios (min–max) |%n", interval, config.topRounds(), window));
        topTables.append("|---|---:|---:|---:|\n");
        topTables.append(row("workload ops per second (wall; follows the machine's load)", without, with, Window::opsPerSecond));
        topTables.append(row("workload ops per CPU-second of its worker thread", without, with, Window::opsPerWorkerCpuSecond));
        topTables.append(row("CPU time of the whole workload process per op (µs)", without, with, Window::processCpuMicrosPerOp));
        topTables.append(String.format(Locale.ROOT, "| jprof top's own CPU, share of one core, median (min–max) | | %.1f%% (%.1f–%.1f%%) | |%n",
                100 * Stats.median(topCpu), 100 * Stats.min(topCpu), 100 * Stats.max(topCpu)));
        topTables.append('\n');
    }

    private static String row(String what, List<Window> without, List<Window> with, ToDoubleFunction<Window> value) {
        List<Double> a = without.stream().map(value::applyAsDouble).toList();
        List<Double> b = with.stream().map(value::applyAsDouble).toList();
        List<Double> ratios = Stats.pairedRatios(b, a);
        return String.format(Locale.ROOT, "| %s | %.2f | %.2f | %+.2f%% (%+.2f%% to %+.2f%%) |%n", what, Stats.median(a), Stats.median(b),
                100 * (Stats.median(ratios) - 1), 100 * (Stats.min(ratios) - 1), 100 * (Stats.max(ratios) - 1));
    }

    /** One attach: milliseconds to the recording running in the target, seconds to the command's exit and to the recording's stop. */
    record Attach(double runningMillis, double exitSeconds, double stoppedSeconds, double cpuSeconds) {
    }

    private void attach() throws IOException, InterruptedException {
        System.out.println("[bench] live: attach, " + config.attachRounds() + " round(s), recordings of " + config.recordSeconds() + " s");
        Path dir = Files.createDirectories(config.workDir().resolve("attach"));
        Path jfc = dir.resolve("execution-samples-10ms.jfc");
        try (InputStream in = LiveBench.class.getResourceAsStream("execution-samples-10ms.jfc")) {
            if (in == null) throw new IOException("resource execution-samples-10ms.jfc missing from the bench classes");
            Files.write(jfc, in.readAllBytes());
        }
        String d = config.recordSeconds() + "s";
        String jprofName = "`jprof record --pid PID --duration " + d + " -o profile.html`";
        String jcmdName = "`jcmd PID JFR.start duration=" + d + " filename=out.jfr settings=execution-samples-10ms.jfc`";
        attachCommands.put("jprof", jprofName);
        attachCommands.put("jcmd", jcmdName);
        for (String k : List.of("jprof first", "jprof again", "jcmd first", "jcmd again")) attaches.put(k, new ArrayList<>());
        int n = 0;
        for (int r = 0; r < config.attachRounds(); r++) {
            List<String> tools = r % 2 == 0 ? List.of("jprof", "jcmd") : List.of("jcmd", "jprof");
            for (String tool : tools) {
                try (Target target = Target.start(config, true)) {
                    Thread.sleep(500); // past the JVM's start-up work
                    for (String when : List.of("first", "again")) {
                        n++;
                        Path out = dir.resolve(tool + "-" + n + (tool.equals("jprof") ? ".html" : ".jfr"));
                        String pid = Long.toString(target.pid);
                        List<String> command = tool.equals("jprof")
                                ? JprofJvm.command(config.java(), config.jprofJar(), "record", "--pid", pid, "--duration", d, "-o", out.toString())
                                : List.of(bin.resolve("jcmd").toString(), pid, "JFR.start", "name=bench-" + n, "duration=" + d,
                                        "filename=" + out, "settings=" + jfc);
                        Attach a = attachOnce(target, tool + " " + when, command, dir);
                        if (a != null) attaches.get(tool + " " + when).add(a);
                    }
                }
            }
        }
    }

    private Attach attachOnce(Target target, String label, List<String> command, Path dir) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Timed.Run run = Timed.run(command, dir, dir.resolve("attach.log"), dir.resolve("attach.out"), Map.of(), config.timeoutSeconds());
        long exit = System.nanoTime();
        if (!run.ok()) {
            failures.add("attach, " + label + ": " + run.failure());
            return null;
        }
        Long running = target.jfrState("RUNNING", start, 30_000);
        Long stopped = target.jfrState("STOPPED", start, 30_000 + config.recordSeconds() * 1000L);
        if (running == null || stopped == null) {
            failures.add("attach, " + label + ": the target reported no " + (running == null ? "running" : "stopped") + " recording after `"
                    + String.join(" ", command) + "`");
            return null;
        }
        return new Attach((running - start) / 1e6, (exit - start) / 1e9, (stopped - start) / 1e9, run.time().cpuSeconds());
    }

    /** The section's Markdown. */
    public String tables() {
        StringBuilder out = new StringBuilder();
        out.append("**dump** of a JVM with ").append(dumpThreads).append(" threads: each command a fresh process, ")
                .append(config.dumpRounds()).append(" round(s) in rotated order after one unmeasured run each (the first attach")
                .append(" starts the target's JMX agent); wall time from fork to exit and CPU time of the command (GNU time), median (min–max).\n\n");
        List<List<String>> rows = new ArrayList<>();
        for (var e : dumps.entrySet()) {
            List<Double> wall = e.getValue().stream().map(t -> t.wallSeconds() * 1000).toList();
            List<Double> cpu = e.getValue().stream().map(TimeResult::cpuSeconds).toList();
            rows.add(List.of(e.getKey(), spread(wall, "%.0f"), spread(cpu, "%.2f")));
        }
        out.append(Markdown.table(List.of("thread dump", "wall ms", "CPU s"), rows)).append('\n');
        out.append("**top**: the workload's own counters over windows without and with `jprof top --pid` running (from its first")
                .append(" printed table on), alternating which comes first, paired per round. Wall throughput follows the machine's load;")
                .append(" work per CPU-second of the worker thread shows whether sampling slows the code itself, and the CPU time of the")
                .append(" whole target per unit of work adds what the target spends for the profiler on other threads.\n\n");
        out.append(topTables);
        out.append("**attach**: from the command's start to the JFR recording running inside the target (the target, started with")
                .append(" `-Dlive.jfrStates=true`, prints each recording's state changes with its own `System.nanoTime()`, the")
                .append(" machine's monotonic clock), to the command's exit, and to the recording's stop in the target (for")
                .append(" `jcmd` the file is written by then; `jprof` then reads the recording and writes the HTML before it exits).")
                .append(" \"first\": a fresh target (1 worker, ").append(config.idleThreads()).append(" waiting threads), no JMX agent")
                .append(" and JFR not started yet; \"again\": a second attach to the same JVM. N = ").append(config.attachRounds())
                .append(" round(s), each tool with its own fresh target, alternating which tool goes first; median (min–max).\n\n");
        List<List<String>> attachRows = new ArrayList<>();
        for (var e : attaches.entrySet()) {
            List<Attach> a = e.getValue();
            String tool = e.getKey().substring(0, e.getKey().indexOf(' '));
            String when = e.getKey().substring(e.getKey().indexOf(' ') + 1);
            if (a.isEmpty()) {
                attachRows.add(List.of(attachCommands.getOrDefault(tool, tool), when, "failed", "–", "–", "–"));
                continue;
            }
            attachRows.add(List.of(attachCommands.get(tool), when,
                    spread(a.stream().map(Attach::runningMillis).toList(), "%.0f"),
                    spread(a.stream().map(Attach::exitSeconds).toList(), "%.2f"),
                    spread(a.stream().map(Attach::stoppedSeconds).toList(), "%.2f"),
                    spread(a.stream().map(Attach::cpuSeconds).toList(), "%.2f")));
        }
        out.append(Markdown.table(List.of("command", "attach", "to recording running, ms", "to command exit, s",
                "to recording stopped, s", "CPU of the command, s"), attachRows));
        if (!failures.isEmpty()) {
            out.append("\nFailed runs (left out of the figures):\n\n");
            for (String f : failures) out.append("- ").append(f).append('\n');
        }
        out.append("\nCommands (PID the target's; jprof as the `./jprof` launcher runs it: `").append(JprofJvm.shown()).append("`):\n\n");
        for (var e : dumpCommands.entrySet()) out.append("- ").append(e.getKey()).append('\n');
        out.append("- `jprof top --pid PID --interval I --iterations 100000`, stopped with SIGTERM\n");
        for (String c : attachCommands.values()) out.append("- ").append(c).append('\n');
        out.append("- target: `java [-Dlive.jfrStates=true] -cp jprof-bench/target/classes dev.jprof.bench.workload.LiveWorkload 1 ")
                .append(config.idleThreads()).append("`\n");
        return out.toString();
    }

    /** "median (min–max)" of the values in the given format; "–" for none. */
    static String spread(List<Double> values, String format) {
        if (values.isEmpty()) return "–";
        return String.format(Locale.ROOT, format + " (" + format + "–" + format + ")", Stats.median(values), Stats.min(values), Stats.max(values));
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

    /** A state change the target reported: {@code jfr STATE NANOTIME NAME}. */
    record JfrState(String state, long nanos) {
        /** The line's state and time, or null for any other line. */
        static JfrState parse(String line) {
            String[] parts = line.split(" ");
            if (parts.length < 3 || !parts[0].equals("jfr")) return null;
            try {
                return new JfrState(parts[1], Long.parseLong(parts[2]));
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    /** A running LiveWorkload: its latest ops line and the JFR state changes it reported. */
    private static final class Target implements AutoCloseable {
        final Process process;
        final long pid;
        final AtomicReference<long[]> latest = new AtomicReference<>();
        final List<JfrState> states = new CopyOnWriteArrayList<>();

        private Target(Process process, long pid) {
            this.process = process;
            this.pid = pid;
        }

        static Target start(Config config, boolean jfrStates) throws IOException {
            List<String> command = new ArrayList<>(List.of(config.java()));
            if (jfrStates) command.add("-Dlive.jfrStates=true");
            command.addAll(List.of("-cp", config.classes().toString(), "dev.jprof.bench.workload.LiveWorkload", "1",
                    Integer.toString(config.idleThreads()), "900"));
            Process process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.appendTo(config.workDir().resolve("target.log").toFile())).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String ready = out.readLine();
            if (ready == null || !ready.startsWith("ready ")) {
                process.destroyForcibly();
                throw new IOException("the workload did not start: " + command);
            }
            Target target = new Target(process, Long.parseLong(ready.substring(6).trim()));
            Thread reader = new Thread(() -> {
                try {
                    String line;
                    while ((line = out.readLine()) != null) {
                        String[] parts = line.split(" ");
                        if (parts.length == 5 && parts[0].equals("ops")) {
                            long[] values = new long[4];
                            for (int k = 0; k < 4; k++) values[k] = Long.parseLong(parts[k + 1]);
                            target.latest.set(values);
                        } else {
                            JfrState state = JfrState.parse(line);
                            if (state != null) target.states.add(state);
                        }
                    }
                } catch (IOException e) {
                    // ended
                }
            });
            reader.setDaemon(true);
            reader.start();
            return target;
        }

        int threads() {
            try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
                return (int) tasks.count();
            } catch (IOException e) {
                return -1;
            }
        }

        /** The time of the first change to {@code state} at or after {@code afterNanos}, waiting up to {@code timeoutMillis}; null if none. */
        Long jfrState(String state, long afterNanos, long timeoutMillis) throws InterruptedException {
            long deadline = System.currentTimeMillis() + timeoutMillis;
            while (true) {
                for (JfrState s : states) {
                    if (s.state().equals(state) && s.nanos() >= afterNanos) return s.nanos();
                }
                if (System.currentTimeMillis() > deadline) return null;
                Thread.sleep(10);
            }
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
