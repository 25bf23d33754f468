package dev.jprof.top;

import dev.jprof.top.TopTable.Granularity;
import dev.jprof.top.TopTable.Row;
import dev.jprof.top.TopTable.Sort;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Lays out top's header and table as lines of text, the same for the full screen and for plain output. */
final class TopScreen {
    static final String KEYS = "keys: 1-4 sort by column  l lines/methods  t per thread  p pause  r reset  q quit";

    /** What the header says about the JVM and the sampling. */
    record Header(long pid, String mainClass, String javaVersion, String engine, long samples,
                  double samplesPerSecond, double seconds, JvmGauges.Reading gauges, boolean paused, String status) {
    }

    private TopScreen() {
    }

    static List<String> lines(Header h, List<Row> rows, Granularity granularity, Sort sort, int maxRows) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "jprof top  pid %d  %s  Java %s  %s%s", h.pid(), h.mainClass(),
                h.javaVersion(), h.engine(), h.paused() ? "  [PAUSED]" : ""));
        JvmGauges.Reading g = h.gauges();
        String threads = g == null ? "Threads ?" : String.format(Locale.ROOT, "Threads %d: %d running, %d blocked, %d waiting",
                g.threads(), g.running(), g.blocked(), g.waiting());
        String cpu = g == null || Double.isNaN(g.processCpu()) ? "CPU ?" : String.format(Locale.ROOT, "CPU %.0f%%%s",
                100 * g.processCpu(), g.cores() > 0 ? " (" + g.cores() + " cores)" : "");
        String gc = g == null || Double.isNaN(g.gcShare()) ? "GC ?" : String.format(Locale.ROOT, "GC %.1f%%", 100 * g.gcShare());
        lines.add(String.format(Locale.ROOT, "Samples %d over %.1f s (%.1f/s)   %s   %s   %s", h.samples(), h.seconds(),
                h.samplesPerSecond(), threads, cpu, gc));
        if (h.status() != null) lines.add(h.status());
        lines.add("");
        String what = granularity.lines() ? "Method:line" : "Method (hottest line)";
        if (granularity.perThread()) what = "[thread] " + what;
        lines.add(String.format(Locale.ROOT, "%8s %8s %9s %10s  %s", mark("%Own", sort == Sort.OWN_SHARE),
                mark("%Total", sort == Sort.TOTAL_SHARE), mark("OwnTime", sort == Sort.OWN_TIME),
                mark("TotalTime", sort == Sort.TOTAL_TIME), what));
        int shown = 0;
        for (Row row : rows) {
            if (shown++ >= maxRows) break;
            String name = row.method() + (row.line() > 0 ? (granularity.lines() ? ":" : " (line ") + row.line()
                    + (granularity.lines() ? "" : ")") : "");
            if (granularity.perThread()) name = "[" + row.thread() + "] " + name;
            lines.add(String.format(Locale.ROOT, "%7.2f%% %7.2f%% %9s %10s  %s", row.ownShare(), row.totalShare(),
                    seconds(row.ownNanos()), seconds(row.totalNanos()), name));
        }
        if (rows.isEmpty()) lines.add("  (no samples yet: JFR samples threads that run Java code)");
        return lines;
    }

    private static String mark(String header, boolean sorted) {
        return sorted ? header + "*" : header;
    }

    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.2fs", nanos / 1e9);
    }
}
