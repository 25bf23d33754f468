package dev.jprof.top;

import dev.jprof.capture.Mode;
import dev.jprof.capture.SamplingSettings;
import dev.jprof.capture.engine.AsyncEngine;
import dev.jprof.capture.engine.EngineChoice;

import dev.jprof.capture.attach.AttachException;
import dev.jprof.capture.attach.JvmConnection;
import dev.jprof.top.SampleCounts.Tally;
import dev.jprof.top.TopTable.Granularity;
import dev.jprof.top.TopTable.Row;
import dev.jprof.top.TopTable.Sort;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * jprof top: where a running JVM spends its CPU time now, refreshed in place in the terminal (keys
 * change the view) or printed as a table every refresh when output is not a terminal.
 *
 * <p>Samples come from a JFR recording jprof starts in the JVM over JMX and reads live from the JVM's
 * disk repository (for a JVM without Flight Recorder: thread dumps over JMX, safepoint-biased and
 * said so in the header); the header's numbers from JMX. However top ends (q, Ctrl-C, SIGTERM or SIGHUP,
 * the given number of tables, the JVM exiting) the recording is stopped and removed and the terminal
 * is restored.
 */
public final class LiveTop {
    /** Why top ended. */
    public enum Outcome {
        /** The user quit (q, Ctrl-C) or the stop condition held. */
        STOPPED,
        /** The asked number of tables was printed. */
        DONE,
        /** The JVM exited while top ran. */
        TARGET_EXITED
    }

    private static final long STEP_MILLIS = 100;
    /** How long the first printed table waits for the first samples (JFR flushes about once a second). */
    private static final long FIRST_SAMPLES_MILLIS = 10_000;

    private final TopSettings settings;
    private final PrintStream out;
    private final BooleanSupplier stop;
    private Granularity granularity;
    private Sort sort;
    private boolean paused;

    private final EngineChoice engine;
    private final PrintStream messages;

    private LiveTop(TopSettings settings, EngineChoice engine, PrintStream out, PrintStream messages, BooleanSupplier stop) {
        this.settings = settings;
        this.engine = engine;
        this.messages = messages;
        this.out = out;
        this.stop = stop;
        this.granularity = new Granularity(settings.lines(), settings.perThread());
        this.sort = settings.sortColumn();
    }

    /**
     * Runs top on the JVM {@code pid} until {@code stop} answers true, the user quits, the tables are
     * printed or the JVM exits.
     */
    /**
     * @param engine   what samples, as record would choose it
     * @param messages where a fallback to another engine is told (one line)
     */
    public static Outcome run(long pid, TopSettings settings, EngineChoice engine, PrintStream out, PrintStream messages,
                              BooleanSupplier stop) throws AttachException {
        try (JvmConnection jvm = JvmConnection.open(pid)) {
            try {
                return new LiveTop(settings, engine, out, messages, stop).run(jvm);
            } catch (AttachException e) {
                if (!jvm.isAlive()) return Outcome.TARGET_EXITED;
                throw e;
            }
        }
    }

    private Outcome run(JvmConnection jvm) throws AttachException {
        SampleCounts counts = new SampleCounts();
        SampleSource source = open(jvm, counts);
        AtomicReference<Terminal> terminal = new AtomicReference<>();
        Thread cleanup = new Thread(() -> {
            Terminal t = terminal.get();
            if (t != null) t.close();
            source.close();
        }, "jprof-top-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            JvmGauges gauges = jvm.call("report its threads, CPU and GC", () -> new JvmGauges(jvm));
            if (settings.iterations() == 0 && Terminal.isStdoutTerminal()) terminal.set(Terminal.open(out));
            return terminal.get() != null ? interactive(jvm, source, counts, gauges, terminal.get())
                    : plain(jvm, source, counts, gauges);
        } finally {
            cleanup.run();
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException e) {
                // already shutting down: the hook has run
            }
        }
    }

    /**
     * The engine record would run: async-profiler, or JFR where it cannot load (said in one line); thread
     * dumps over JMX for a JVM without JFR.
     */
    private SampleSource open(JvmConnection jvm, SampleCounts counts) throws AttachException {
        if (engine.fallback() != null) messages.println("jprof: warning: " + engine.fallback());
        if (engine.engine() instanceof AsyncEngine) {
            try {
                Path library = ((AsyncEngine) engine.engine()).library(new SamplingSettings(Mode.CPU, settings.interval()));
                return AsyncSource.start(jvm.pid(), library, settings, counts);
            } catch (AttachException e) {
                if (e.reason() != AttachException.Reason.AGENT_FAILED) throw e;
                messages.println("jprof: warning: " + EngineChoice.fallback(e.getMessage()).fallback());
            } catch (IOException e) {
                messages.println("jprof: warning: " + EngineChoice.fallback(e.getMessage()).fallback());
            }
        }
        try {
            return JfrSource.start(jvm, settings.interval(), counts);
        } catch (AttachException e) {
            if (e.reason() != AttachException.Reason.UNSUPPORTED || !jvm.isAlive()) throw e;
            String why = e.getMessage();
            int colon = why.indexOf(": ");
            return ThreadDumpSampler.start(jvm, settings.interval(), counts, "no JFR: " + (colon < 0 ? why : why.substring(colon + 2)));
        }
    }

    private Outcome plain(JvmConnection jvm, SampleSource source, SampleCounts counts, JvmGauges gauges) {
        Map<StackSample, Tally> recent = Map.of();
        long started = System.nanoTime();
        long next = started + settings.refresh().toNanos();
        int printed = 0;
        while (true) {
            while (System.nanoTime() < next) {
                if (stop.getAsBoolean()) return Outcome.STOPPED;
                if (!jvm.isAlive()) return Outcome.TARGET_EXITED;
                sleep(Math.min(STEP_MILLIS, Math.max(1, (next - System.nanoTime()) / 1_000_000)));
            }
            if (!jvm.isAlive()) return Outcome.TARGET_EXITED;
            boolean waitingForFirst = printed == 0 && counts.samples() == 0
                    && System.nanoTime() - started < FIRST_SAMPLES_MILLIS * 1_000_000;
            if (waitingForFirst) {
                next = System.nanoTime() + STEP_MILLIS * 1_000_000;
                continue;
            }
            Map<StackSample, Tally> window = counts.takeWindow();
            // the first screen's shares are of all since the start: JFR's stream may still be delivering the flush that brought the first sample
            if (printed > 0 && !window.isEmpty()) recent = window;
            List<String> lines = screen(jvm, source, counts, recent, gauges, settings.maxRows());
            if (!jvm.isAlive()) return Outcome.TARGET_EXITED;
            for (String line : lines) out.println(line);
            out.println();
            out.flush();
            printed++;
            if (settings.iterations() > 0 && printed >= settings.iterations()) return Outcome.DONE;
            next = System.nanoTime() + settings.refresh().toNanos();
        }
    }

    private Outcome interactive(JvmConnection jvm, SampleSource source, SampleCounts counts, JvmGauges gauges,
                                Terminal terminal) {
        Map<StackSample, Tally> recent = Map.of();
        List<String> lines = List.of();
        long next = 0;
        try {
            while (true) {
                if (stop.getAsBoolean()) return Outcome.STOPPED;
                if (!jvm.isAlive()) return Outcome.TARGET_EXITED;
                boolean redraw = false;
                if (System.nanoTime() >= next) {
                    Map<StackSample, Tally> window = counts.takeWindow();
                    if (!window.isEmpty()) recent = window;
                    next = System.nanoTime() + settings.refresh().toNanos();
                    redraw = !paused;
                }
                int key = terminal.nextKey(Math.min(STEP_MILLIS, Math.max(1, (next - System.nanoTime()) / 1_000_000)));
                if (key >= 0) {
                    if (key == 'q' || key == 'Q' || key == 3) return Outcome.STOPPED;
                    if (key == 'r' || key == 'R') {
                        counts.reset();
                        recent = Map.of();
                    }
                    handleKey(key);
                    redraw = true;
                }
                if (redraw) {
                    int[] size = terminal.size();
                    lines = screen(jvm, source, counts, recent, gauges, Math.max(1, size[0] - 6));
                    if (!jvm.isAlive()) return Outcome.TARGET_EXITED;
                    List<String> withKeys = new java.util.ArrayList<>(lines);
                    while (withKeys.size() < size[0] - 1) withKeys.add("");
                    withKeys.add(TopScreen.KEYS);
                    terminal.draw(withKeys, size[0], size[1]);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.STOPPED;
        }
    }

    private void handleKey(int key) {
        switch (key) {
            case '1' -> sort = Sort.OWN_SHARE;
            case '2' -> sort = Sort.TOTAL_SHARE;
            case '3' -> sort = Sort.OWN_TIME;
            case '4' -> sort = Sort.TOTAL_TIME;
            case 'l', 'L' -> granularity = new Granularity(!granularity.lines(), granularity.perThread());
            case 't', 'T' -> granularity = new Granularity(granularity.lines(), !granularity.perThread());
            case 'p', 'P', ' ' -> paused = !paused;
            default -> { }
        }
    }

    private List<String> screen(JvmConnection jvm, SampleSource source, SampleCounts counts,
                                Map<StackSample, Tally> recent, JvmGauges gauges, int maxRows) {
        JvmGauges.Reading reading = null;
        String status = null;
        try {
            reading = gauges.read();
        } catch (Exception e) {
            if (jvm.isAlive()) status = "JVM " + jvm.pid() + " did not report its threads: " + JvmConnection.firstLine(e);
        }
        List<Row> rows = TopTable.rows(counts.total(), recent, granularity, sort);
        long samples = counts.samples();
        TopScreen.Header header = new TopScreen.Header(jvm.pid(), jvm.mainClass(), jvm.vmVersion(), source.engine(), samples, counts.samplesPerSecond(), counts.sampledSeconds(), reading, paused, status);
        return TopScreen.lines(header, rows, granularity, sort, maxRows);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
