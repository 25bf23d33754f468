package dev.jprof.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cost of jprof's web-request features to a server under load: an embedded Jetty 12
 * ({@link dev.jprof.bench.workload.RequestServer}, a cheap {@code /hello} and a {@code /work} of a few ms of CPU) driven by
 * {@link dev.jprof.bench.workload.LoadClient} in its own JVM, a fixed number of requests over a few keep-alive
 * connections on 127.0.0.1, after a warm-up; server and client pinned to a core each where taskset and two cores exist.
 * Variants, each a fresh server JVM per round, rotated: no agent; after {@code jprof request --pid} (agent loaded, its
 * session over); a {@code jprof request} session armed (requests without the trigger); slow-request capture
 * ({@code record --requests slower-than=...}) with a threshold no request reaches and with one most /work requests pass.
 * In the armed session, the same requests also go with and without a trigger, in pairs: the cost of one profiled request.
 */
public final class RequestBench {
    public record Config(String java, Path classes, Path classpathFile, Path jprofJar, Path agentJar, Path workDir, int rounds,
                         int helloRequests, int workRequests, int connections, int profiledPairs, Quiet.Gate gate, boolean rotate,
                         long timeoutSeconds) {
        /**
         * Jetty's /hello needs long: on the server's one core, measured after 60,000 requests it still ran 30% faster with each
         * further 40,000 (C2 compiling beside it), so the warm-up is 4 times the measured count.
         */
        int helloWarmUp() {
            return 4 * helloRequests;
        }

        int workWarmUp() {
            return Math.max(1, workRequests / 2);
        }
    }

    /** A way of running the server: its id in the CSV, its row's label, and for capture its threshold. */
    record Variant(String id, String label, String slowerThan) {
    }

    static final List<Variant> VARIANTS = List.of(
            new Variant("none", "no agent", null),
            new Variant("after-request", "after `jprof request --pid` (agent loaded, session over)", null),
            new Variant("armed", "`jprof request` session armed, requests without the trigger", null),
            new Variant("capture-500ms", "`record --requests slower-than=500ms` (none kept)", "500ms"),
            new Variant("capture-1ms", "`record --requests slower-than=1ms` (most /work kept)", "1ms"),
            new Variant("jfr-alone", "no agent, JFR recording the watch's events (execution samples every 1 ms, waits ≥ 1 ms)", null));
    static final List<String> PATHS = List.of("/hello", "/work");
    private static final Pattern KEPT = Pattern.compile("jprof: (\\d+) slow requests? kept");
    private static final Path TASKSET = Path.of("/usr/bin/taskset");

    /** What one run of a variant measured. */
    record Run(Map<String, LoadPhase> phases, List<ProfiledPair> pairs, List<ProfiledRun> profiled, int kept) {
    }

    private final Config config;
    private final boolean pinned;
    private final String serverClassPath;
    private final Map<String, List<Run>> runs = new LinkedHashMap<>();
    private final List<String> failures = new ArrayList<>();
    private final Path key;

    public RequestBench(Config config) throws IOException {
        this.config = config;
        this.pinned = Files.isExecutable(TASKSET) && Machine.cores() >= 2;
        this.serverClassPath = config.classes() + ":" + Files.readString(config.classpathFile()).strip();
        Files.createDirectories(config.workDir());
        this.key = config.workDir().resolve("request.key");
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        Files.write(key, secret);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        for (Variant v : VARIANTS) runs.put(v.id(), new ArrayList<>());
    }

    public void run() throws IOException, InterruptedException {
        System.out.println("[bench] request: " + VARIANTS.size() + " variants, " + config.rounds() + " round(s), " + config.helloRequests()
                + " /hello and " + config.workRequests() + " /work requests over " + config.connections() + " connections each");
        for (int r = 0; r < config.rounds(); r++) {
            for (int k = 0; k < VARIANTS.size(); k++) {
                Variant v = VARIANTS.get(config.rotate() ? (r + k) % VARIANTS.size() : k);
                config.gate().await();
                Path dir = Files.createDirectories(config.workDir().resolve("round-" + (r + 1) + "-" + v.id()));
                Run run;
                try {
                    run = runOnce(v, dir);
                } catch (IOException e) {
                    failures.add(v.id() + ", round " + (r + 1) + ": " + e.getMessage());
                    run = null;
                }
                runs.get(v.id()).add(run);
                System.out.println("[bench] request: round " + (r + 1) + " " + v.id() + ": " + (run == null ? "failed"
                        : String.format(Locale.ROOT, "/hello %.0f req/s, /work %.0f req/s", run.phases().get("/hello").requestsPerSecond(),
                        run.phases().get("/work").requestsPerSecond())));
            }
        }
    }

    private List<String> pin(int cpu, List<String> command) {
        if (!pinned) return command;
        List<String> c = new ArrayList<>(List.of(TASKSET.toString(), "-c", Integer.toString(cpu)));
        c.addAll(command);
        return c;
    }

    private Run runOnce(Variant v, Path dir) throws IOException, InterruptedException {
        List<String> server = new ArrayList<>(List.of(config.java()));
        if (v.id().equals("jfr-alone")) server.add("-XX:StartFlightRecording:settings=" + watchSettings() + ",filename=" + dir.resolve("alone.jfr"));
        server.addAll(List.of("-cp", serverClassPath, "dev.jprof.bench.workload.RequestServer", "900"));
        List<String> command = server;
        if (v.slowerThan() != null) {
            List<String> args = new ArrayList<>(List.of("record", "--requests", "slower-than=" + v.slowerThan(), "--keep", "20", "-o",
                    dir.resolve("kept").toString(), "--"));
            args.addAll(server);
            command = JprofJvm.command(config.java(), config.jprofJar(), args.toArray(new String[0]));
        }
        Path serverLog = dir.resolve("server.log");
        Process process = new ProcessBuilder(pin(0, command)).redirectError(serverLog.toFile()).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line = ProcessLines.awaitLine(out, "ready ");
            if (line == null) throw new IOException("the server did not start: " + Timed.lastLine(serverLog));
            ProcessLines.drainInBackground(out);
            String[] ready = line.split(" ");
            long pid = Long.parseLong(ready[1]);
            int port = Integer.parseInt(ready[2]);
            String pids = pid == process.pid() ? Long.toString(pid) : pid + "," + process.pid();
            Path session = null;
            if (v.id().equals("after-request")) {
                Timed.Run request = Timed.run(JprofJvm.command(config.java(), config.jprofJar(), "request", "--pid", Long.toString(pid),
                        "--key", key.toString(), "http://127.0.0.1:" + port + "/work", "-o", dir.resolve("request.json").toString()),
                        dir, dir.resolve("request.log"), null, Map.of(), config.timeoutSeconds());
                if (!request.ok()) throw new IOException("jprof request: " + request.failure());
            } else if (v.id().equals("armed")) {
                session = Files.createDirectory(dir.resolve("session"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                agent(pid, "request=start,max=" + (PATHS.size() * config.profiledPairs()) + ",timeout=900s,key=" + key + ",dir=" + session);
                if (!Files.exists(session.resolve("armed"))) throw new IOException("the agent did not arm a session: " + Timed.lastLine(serverLog));
            }
            List<String> client = new ArrayList<>(List.of(config.java(), "-cp", config.classes() + (session != null ? ":" + config.agentJar() : ""),
                    "dev.jprof.bench.workload.LoadClient", Integer.toString(port), Integer.toString(config.connections()), pids,
                    "warm:/hello:" + config.helloWarmUp(), "warm:/work:" + config.workWarmUp(),
                    "load:/hello:" + config.helloRequests(), "load:/work:" + config.workRequests()));
            if (session != null) {
                for (String path : PATHS) client.add("profiled:" + path + ":" + config.profiledPairs() + ":" + key);
            }
            Path clientOut = dir.resolve("client.out");
            Timed.Run load = Timed.run(pin(1, client), dir, dir.resolve("client.log"), clientOut, Map.of(), config.timeoutSeconds());
            if (!load.ok()) throw new IOException("load client: " + load.failure() + " (server: " + Timed.lastLine(serverLog) + ")");
            Map<String, LoadPhase> phases = new LinkedHashMap<>();
            List<ProfiledPair> pairs = new ArrayList<>();
            for (String l : Files.readAllLines(clientOut)) {
                LoadPhase phase = LoadPhase.parse(l);
                if (phase != null) phases.put(phase.path(), phase);
                ProfiledPair pair = ProfiledPair.parse(l);
                if (pair != null) pairs.add(pair);
            }
            if (!phases.keySet().containsAll(PATHS)) throw new IOException("the load client reported no load phases (" + clientOut + ")");
            List<ProfiledRun> profiled = new ArrayList<>();
            if (session != null) {
                agent(pid, "request=stop,dir=" + session);
                Path results = session.resolve("requests.txt");
                if (Files.isRegularFile(results)) {
                    for (String l : Files.readAllLines(results)) {
                        ProfiledRun p = ProfiledRun.parse(l);
                        if (p != null) profiled.add(p);
                    }
                }
            }
            int kept = -1;
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
            if (!process.waitFor(60, TimeUnit.SECONDS)) failures.add(v.id() + ": the server did not end within 60 s of SIGTERM");
            if (v.slowerThan() != null) kept = keptCount(Files.readString(serverLog));
            return new Run(phases, pairs, profiled, kept);
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The .jfc of {@code jfr-alone}, written into the work folder once. */
    private Path watchSettings() throws IOException {
        Path jfc = config.workDir().resolve("request-watch-samples.jfc");
        if (Files.exists(jfc)) return jfc;
        try (var in = RequestBench.class.getResourceAsStream("request-watch-samples.jfc")) {
            if (in == null) throw new IOException("resource request-watch-samples.jfc missing from the bench classes");
            Files.write(jfc, in.readAllBytes());
        }
        return jfc;
    }

    /** Loads jprof's agent into the server with these options through attach, as {@code jprof request} does. */
    private void agent(long pid, String options) throws IOException {
        try {
            com.sun.tools.attach.VirtualMachine vm = com.sun.tools.attach.VirtualMachine.attach(Long.toString(pid));
            try {
                vm.loadAgent(config.agentJar().toString(), options);
            } finally {
                vm.detach();
            }
        } catch (com.sun.tools.attach.AttachNotSupportedException | com.sun.tools.attach.AgentLoadException
                 | com.sun.tools.attach.AgentInitializationException e) {
            throw new IOException("attach to " + pid + ": " + e.getMessage(), e);
        }
    }

    /** How many slow requests {@code jprof record --requests} said it kept, from its last summary line; -1 without one. */
    static int keptCount(String stderr) {
        Matcher m = KEPT.matcher(stderr);
        int kept = -1;
        while (m.find()) kept = Integer.parseInt(m.group(1));
        return kept;
    }

    public String csv() {
        StringBuilder out = new StringBuilder("variant,round,path,requests,seconds,p50_ns,p99_ns,cpu_ticks,kept\n");
        for (var e : runs.entrySet()) {
            for (int r = 0; r < e.getValue().size(); r++) {
                Run run = e.getValue().get(r);
                if (run == null) continue;
                for (LoadPhase p : run.phases().values()) {
                    out.append(String.format(Locale.ROOT, "%s,%d,%s,%d,%.6f,%d,%d,%d,%d%n", e.getKey(), r + 1, p.path(), p.requests(), p.seconds(),
                            p.p50Nanos(), p.p99Nanos(), p.cpuTicks(), run.kept()));
                }
            }
        }
        return out.toString();
    }

    private List<Double> values(String variant, String path, java.util.function.ToDoubleFunction<LoadPhase> value) {
        List<Double> out = new ArrayList<>();
        for (Run run : runs.get(variant)) out.add(run == null ? Double.NaN : value.applyAsDouble(run.phases().get(path)));
        return out;
    }

    /** The section's Markdown. */
    public String tables() {
        StringBuilder out = new StringBuilder();
        out.append("- Server: `dev.jprof.bench.workload.RequestServer`, embedded Jetty 12.1 (ee10 servlets), a fresh JVM per run;")
                .append(" `/hello` answers a constant text, `/work` computes ").append(Markdown.count(dev.jprof.bench.workload.RequestServer.WORK_DIGESTS))
                .append(" chained SHA-256 digests of 1 KB (a fixed amount of work, a few ms of CPU)\n");
        out.append("- Load: `dev.jprof.bench.workload.LoadClient` in its own JVM, HTTP/1.1 GETs on ").append(config.connections())
                .append(" keep-alive connections (plain sockets, closed loop) to 127.0.0.1; per run a warm-up of ")
                .append(Markdown.count(config.helloWarmUp())).append(" /hello and ")
                .append(Markdown.count(config.workWarmUp())).append(" /work, then ")
                .append(Markdown.count(config.helloRequests())).append(" /hello and ").append(Markdown.count(config.workRequests()))
                .append(" /work measured; latency from a request's first byte sent to its answer's last byte read\n");
        out.append("- ").append(pinned ? "Pinned with taskset: the server (and for capture jprof's launcher JVM with it) on CPU 0, the client on CPU 1,"
                + " so the client does not take the server's CPU and all that jprof adds lands on the server's core"
                : "Not pinned (no taskset or one core): client and server share the cores").append('\n');
        out.append("- Server CPU: utime+stime of the server's JVM (for capture also jprof's launcher, which turns kept requests into"
                + " profiles) during the measured phase, from /proc, in 10 ms ticks\n");
        out.append("- N = ").append(config.rounds()).append(" rounds, variants in ").append(config.rotate() ? "rotated" : "fixed")
                .append(" order; \"vs no agent\": the median of the per-round ratios variant/no agent and its 95% confidence interval")
                .append(" (order statistics; below 6 rounds the min–max)\n");
        out.append("- Quiet gate: ").append(config.gate().describe()).append("\n\n");
        for (String path : PATHS) {
            List<List<String>> rows = new ArrayList<>();
            List<Double> baseRps = values("none", path, LoadPhase::requestsPerSecond);
            List<Double> baseCpu = values("none", path, LoadPhase::cpuMicrosPerRequest);
            for (Variant v : VARIANTS) {
                List<Double> rps = values(v.id(), path, LoadPhase::requestsPerSecond);
                List<Double> cpu = values(v.id(), path, LoadPhase::cpuMicrosPerRequest);
                List<Double> measured = Stats.measured(rps);
                if (measured.isEmpty()) {
                    rows.add(List.of(v.label(), "failed", "–", "–", "–", "–", "–"));
                    continue;
                }
                boolean base = v.id().equals("none");
                rows.add(List.of(v.label(), LiveBench.spread(measured, "%.0f"), base ? "1" : OverheadBench.paired(rps, baseRps),
                        String.format(Locale.ROOT, "%.3f", Stats.median(Stats.measured(values(v.id(), path, p -> p.p50Nanos() / 1e6)))),
                        String.format(Locale.ROOT, "%.3f", Stats.median(Stats.measured(values(v.id(), path, p -> p.p99Nanos() / 1e6)))),
                        LiveBench.spread(Stats.measured(cpu), "%.0f"), base ? "1" : OverheadBench.paired(cpu, baseCpu)));
            }
            out.append("**").append(path).append("**\n\n");
            out.append(Markdown.table(List.of("server", "requests/s, median (min–max)", "throughput vs no agent (95% CI)",
                    "p50 ms", "p99 ms", "server CPU µs/request", "CPU vs no agent (95% CI)"), rows)).append('\n');
        }
        List<Integer> kept = new ArrayList<>();
        for (Run run : runs.get("capture-1ms")) if (run != null) kept.add(run.kept());
        List<Integer> keptNone = new ArrayList<>();
        for (Run run : runs.get("capture-500ms")) if (run != null) keptNone.add(run.kept());
        out.append("Requests kept per run (jprof's own count, warm-up included): slower-than=500ms ").append(keptNone)
                .append(", slower-than=1ms ").append(kept).append(" (`--keep 20` bounds the files, not the requests profiled)\n\n");

        out.append("**One profiled request** in the armed session: the same request sent twice in a row on one connection, with and")
                .append(" without a signed trigger (alternating which goes first), ").append(config.profiledPairs())
                .append(" pairs per path per round, pooled over the rounds; client-side latency; the server's own wall time of the")
                .append(" profiled request as the agent recorded it. The profile includes the tracing of the application's methods")
                .append(" (`jprof request`'s default) and JFR samples of the request's thread every 1 ms.\n\n");
        List<List<String>> rows = new ArrayList<>();
        for (String path : PATHS) {
            List<Double> plain = new ArrayList<>();
            List<Double> profiled = new ArrayList<>();
            List<Double> diff = new ArrayList<>();
            List<Double> server = new ArrayList<>();
            for (Run run : runs.get("armed")) {
                if (run == null) continue;
                for (ProfiledPair p : run.pairs()) {
                    if (!p.path().equals(path)) continue;
                    plain.add(p.plainNanos() / 1e6);
                    profiled.add(p.profiledNanos() / 1e6);
                    diff.add((p.profiledNanos() - p.plainNanos()) / 1e6);
                }
                for (ProfiledRun p : run.profiled()) if (p.path().equals(path)) server.add(p.wallNanos() / 1e6);
            }
            if (diff.isEmpty()) {
                rows.add(List.of(path, "–", "–", "–", "–", "0"));
                continue;
            }
            double[] ci = Stats.medianInterval(diff, OverheadBench.CONFIDENCE);
            rows.add(List.of(path, String.format(Locale.ROOT, "%.3f", Stats.median(plain)), String.format(Locale.ROOT, "%.3f", Stats.median(profiled)),
                    String.format(Locale.ROOT, "%+.3f (%+.3f to %+.3f)", Stats.median(diff), ci[0], ci[1]),
                    server.isEmpty() ? "–" : String.format(Locale.ROOT, "%.3f", Stats.median(server)), Integer.toString(diff.size())));
        }
        out.append(Markdown.table(List.of("request", "unprofiled, median ms", "profiled, median ms", "profiled − unprofiled, median ms (95% CI)",
                "server's wall of the profiled one, median ms", "pairs"), rows));
        if (!failures.isEmpty()) {
            out.append("\nFailed runs (left out of the figures):\n\n");
            for (String f : failures) out.append("- ").append(f).append('\n');
        }
        out.append("\nCommands (PORT and PID the server's; jprof as the `./jprof` launcher runs it: `").append(JprofJvm.shown()).append("`):\n\n");
        out.append("- server: `").append(pinned ? "taskset -c 0 " : "").append("java -cp jprof-bench/target/classes:CLASSPATH dev.jprof.bench.workload.RequestServer 900`")
                .append(" (CLASSPATH: jprof-bench/target/classpath.txt)\n");
        out.append("- capture: `").append(pinned ? "taskset -c 0 " : "").append("jprof record --requests slower-than=T --keep 20 -o RUN/kept -- java ... RequestServer 900`\n");
        out.append("- after `jprof request`: `jprof request --pid PID --key RUN/request.key http://127.0.0.1:PORT/work -o RUN/request.json`, then the load\n");
        out.append("- armed: jprof-agent.jar loaded through attach (`VirtualMachine.loadAgent`, as `jprof request` does) with `request=start,max=").append(PATHS.size() * config.profiledPairs())
                .append(",timeout=900s,key=request.key,dir=RUN/session` (the options `jprof request` passes), then the load,")
                .append(" then `request=stop,dir=RUN/session`\n");
        out.append("- JFR alone: `java -XX:StartFlightRecording:settings=request-watch-samples.jfc,filename=RUN/alone.jfr ... RequestServer 900`")
                .append(" (the .jfc is jprof-bench/src/main/resources/dev/jprof/bench/request-watch-samples.jfc)\n");
        out.append("- load: `").append(pinned ? "taskset -c 1 " : "").append("java -cp jprof-bench/target/classes[:jprof-agent.jar] dev.jprof.bench.workload.LoadClient PORT ")
                .append(config.connections()).append(" PIDS warm:/hello:").append(config.helloWarmUp()).append(" warm:/work:")
                .append(config.workWarmUp()).append(" load:/hello:").append(config.helloRequests()).append(" load:/work:")
                .append(config.workRequests()).append(" [profiled:/hello:").append(config.profiledPairs()).append(":request.key profiled:/work:")
                .append(config.profiledPairs()).append(":request.key]`\n");
        return out.toString();
    }
}
