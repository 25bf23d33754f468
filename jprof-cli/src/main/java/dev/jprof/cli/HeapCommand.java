package dev.jprof.cli;

import dev.jprof.capture.attach.AttachException;
import dev.jprof.capture.attach.DiagnosticCommands;
import dev.jprof.capture.attach.JvmConnection;
import dev.jprof.heap.ClassHistogram;
import dev.jprof.heap.HistogramGrowth;
import dev.jprof.model.Unit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "heap", sortOptions = false, mixinStandardHelpOptions = true,
        subcommands = HeapPathsCommand.class,
        description = {"What fills the heap of a running JVM: instances and shallow bytes per class (the JVM's "
                + "GC.class_histogram), or with --growth the classes whose instance count keeps rising (like objgraph.show_growth).",
                "Each histogram stops the JVM while it walks the heap (a safepoint pause, usually milliseconds to a "
                        + "second per GB); --live also forces a full GC first."},
        footer = {"", "Examples:",
                "  jprof heap --pid 4242                                   most common types by bytes",
                "  jprof heap --pid 4242 --live --top 50                   live objects only (after a full GC)",
                "  jprof heap --pid 4242 --growth --every 10s --times 6    which types grow",
                "  jprof heap paths --pid 4242 --type com.example.Session  what keeps them alive"})
public final class HeapCommand implements Callable<Integer> {
    @Option(names = {"-p", "--pid"}, paramLabel = "PID", description = "The running JVM (required).")
    Long pid;

    @Option(names = "--top", paramLabel = "N", description = "Rows to show (default ${DEFAULT-VALUE}; 0 = all).")
    int top = 20;

    @Option(names = "--live", description = "Count only live objects: forces a full GC in the JVM before each histogram.")
    boolean live;

    @Option(names = "--growth", description = "Take histograms --every TIME, --times N times, and show the types that grew beyond their earlier peak.")
    boolean growth;

    @Option(names = "--every", paramLabel = "TIME", converter = DurationConverter.class, defaultValue = "10s",
            description = "With --growth: time between two histograms (default ${DEFAULT-VALUE}).")
    Duration every;

    @Option(names = "--times", paramLabel = "N", defaultValue = "6", description = "With --growth: number of histograms (default ${DEFAULT-VALUE}).")
    int times;

    @Override
    public Integer call() throws Exception {
        if (pid == null) throw new UserError("which JVM? give --pid PID (or use 'jprof heap paths')");
        if (top < 0) throw new UserError("--top must be 0 or more");
        if (growth && times < 2) throw new UserError("--times must be 2 or more to see growth");
        if (growth && (every.isNegative() || every.isZero())) throw new UserError("--every must be positive");
        PrintStream out = System.out;
        try (JvmConnection jvm = JvmConnection.open(pid)) {
            System.err.println("jprof: each class histogram pauses JVM " + pid + " while it walks the heap"
                    + (live ? "; --live forces a full GC first" : " (all objects, unreachable ones included; --live for live objects only)"));
            DiagnosticCommands commands = new DiagnosticCommands(jvm);
            if (!growth) {
                out.print(histogramTable(histogram(commands), top));
                return 0;
            }
            HistogramGrowth peaks = new HistogramGrowth();
            long start = System.nanoTime();
            for (int i = 1; i <= times; i++) {
                if (i > 1) sleepUntil(start + every.toNanos() * (i - 1), jvm);
                ClassHistogram histogram = histogram(commands);
                List<HistogramGrowth.Row> grown = peaks.next(histogram);
                double at = (System.nanoTime() - start) / 1e9;
                if (i == 1) {
                    out.printf(Locale.ROOT, "snapshot 1 of %d at 0.0 s: %,d instances, %s in %,d classes (the baseline)%n",
                            times, histogram.totalInstances(), Unit.BYTES.format(histogram.totalBytes()), histogram.rows().size());
                } else {
                    out.printf(Locale.ROOT, "snapshot %d of %d at %.1f s: %d classes grew beyond their peak%n", i, times, at, grown.size());
                    out.print(growthTable(grown, top));
                }
                out.flush();
            }
            return 0;
        } catch (AttachException e) {
            throw new UserError(e.getMessage());
        }
    }

    private ClassHistogram histogram(DiagnosticCommands commands) throws AttachException {
        String text = commands.classHistogram(live);
        try {
            return ClassHistogram.parse(text, System.currentTimeMillis());
        } catch (IllegalArgumentException e) {
            throw new UserError("JVM " + pid + " gave no class histogram: " + e.getMessage());
        }
    }

    private void sleepUntil(long deadline, JvmConnection jvm) {
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return;
            if (!jvm.isAlive()) throw new UserError("JVM " + pid + " exited");
            try {
                Thread.sleep(Math.min(200, Math.max(1, left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UserError("interrupted", 130);
            }
        }
    }

    static String histogramTable(ClassHistogram histogram, int top) {
        List<List<String>> cells = new ArrayList<>();
        cells.add(List.of("instances", "bytes", "bytes %", "class"));
        long whole = histogram.totalBytes();
        List<ClassHistogram.Row> rows = histogram.rows();
        int shown = top == 0 ? rows.size() : Math.min(top, rows.size());
        for (ClassHistogram.Row row : rows.subList(0, shown)) {
            cells.add(List.of(String.format(Locale.ROOT, "%,d", row.instances()), Unit.BYTES.format(row.bytes()),
                    String.format(Locale.ROOT, "%.2f%%", whole == 0 ? 0 : 100.0 * row.bytes() / whole), row.type()));
        }
        cells.add(List.of(String.format(Locale.ROOT, "%,d", histogram.totalInstances()), Unit.BYTES.format(whole), "100.00%",
                "total (" + rows.size() + " classes)"));
        String table = TextTable.of(cells);
        return shown < rows.size() ? table + "... " + (rows.size() - shown) + " more classes\n" : table;
    }

    static String growthTable(List<HistogramGrowth.Row> rows, int top) {
        List<List<String>> cells = new ArrayList<>();
        cells.add(List.of("instances", "growth", "bytes", "bytes growth", "class"));
        int shown = top == 0 ? rows.size() : Math.min(top, rows.size());
        for (HistogramGrowth.Row row : rows.subList(0, shown)) {
            cells.add(List.of(String.format(Locale.ROOT, "%,d", row.instances()), String.format(Locale.ROOT, "%+,d", row.instancesGrowth()),
                    Unit.BYTES.format(row.bytes()), (row.bytesGrowth() >= 0 ? "+" : "") + Unit.BYTES.format(row.bytesGrowth()), row.type()));
        }
        String table = rows.isEmpty() ? "" : TextTable.of(cells);
        return shown < rows.size() ? table + "... " + (rows.size() - shown) + " more classes\n" : table;
    }
}
