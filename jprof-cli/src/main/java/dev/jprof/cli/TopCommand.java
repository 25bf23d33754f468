package dev.jprof.cli;

import dev.jprof.capture.Mode;
import dev.jprof.capture.SamplingSettings;
import dev.jprof.capture.engine.EngineChoice;

import dev.jprof.capture.attach.AttachException;
import dev.jprof.top.LiveTop;
import dev.jprof.top.TopSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

@Command(name = "top", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Watch where a running JVM spends its CPU time now, refreshed every second (like top, py-spy top).",
                "Per method: %%Own (the method itself) and %%Total (with what it calls) of the latest samples; OwnTime and "
                        + "TotalTime since start or reset.",
                "Keys: 1-4 sort by column, l lines/methods, t per thread, p pause, r reset, q quit.",
                "When output is not a terminal, or with --once or --iterations, prints a plain table every refresh.",
                "Samples with the engine record would run (async-profiler, or a JFR recording started over JMX), removed again when top ends."},
        footer = {"", "Examples:",
                "  jprof top --pid 4242",
                "  jprof top --pid 4242 --once --lines     (one table per source line, for scripts)",
                "  jprof top --pid 4242 --iterations 10 > top.log"})
public final class TopCommand implements Callable<Integer> {
    @Option(names = {"-p", "--pid"}, paramLabel = "PID", required = true, description = "The JVM to watch.")
    long pid;

    @Option(names = {"-i", "--interval"}, paramLabel = "TIME", converter = DurationConverter.class, defaultValue = "20ms",
            description = "Time between two samples of a running thread (default ${DEFAULT-VALUE}, JFR's own default: "
                    + "it costs the JVM under 2%% more CPU; 10ms about 2.5%%).")
    Duration interval;

    @Option(names = {"-r", "--refresh"}, paramLabel = "TIME", converter = DurationConverter.class, defaultValue = "1s",
            description = "Time between two screens or tables (default ${DEFAULT-VALUE}).")
    Duration refresh;

    @Option(names = {"-e", "--engine"}, paramLabel = "ENGINE", defaultValue = EngineChoice.AUTO,
            description = "What samples, as for record: auto (default: async-profiler where it loads, else JFR), async or jfr.")
    String engine;

    @Option(names = "--once", description = "Print one table and exit.")
    boolean once;

    @Option(names = {"-n", "--iterations"}, paramLabel = "N", description = "Print N tables, one every refresh, and exit.")
    Integer iterations;

    @Option(names = "--lines", description = "One row per method and source line.")
    boolean lines;

    @Option(names = "--threads", description = "One row per thread and method.")
    boolean threads;

    @Option(names = "--native", description = "Rows for native libraries, the JVM and the kernel (async engine), instead of their time"
            + " on the Java method that called them.")
    boolean nativeCode;

    @Option(names = "--sort", paramLabel = "COLUMN", defaultValue = "own",
            description = "own (default), total, own-time or total-time.")
    String sort;

    @Option(names = "--top", paramLabel = "N", defaultValue = "20", description = "Rows per printed table (default ${DEFAULT-VALUE}).")
    int top;

    @Override
    public Integer call() {
        if (once && iterations != null) throw new UserError("give --once or --iterations, not both");
        TopSettings settings;
        try {
            settings = new TopSettings(interval, refresh, once ? 1 : iterations == null ? 0 : iterations, lines, threads, nativeCode, sort, top);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        EngineChoice choice;
        try {
            choice = EngineChoice.choose(engine, new SamplingSettings(Mode.CPU, interval));
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        AtomicBoolean stop = new AtomicBoolean();
        Interrupts interrupts = Interrupts.onInterrupt(() -> stop.set(true));
        try {
            LiveTop.Outcome outcome = LiveTop.run(pid, settings, choice, System.out, System.err, stop::get);
            if (outcome == LiveTop.Outcome.TARGET_EXITED) System.err.println("jprof: JVM " + pid + " exited");
            return 0;
        } catch (AttachException e) {
            throw new UserError(e.getMessage());
        } finally {
            interrupts.restore();
        }
    }
}
