package dev.jprof.render.text;

import dev.jprof.model.Attributes;
import dev.jprof.model.Profile;
import dev.jprof.model.Unit;
import dev.jprof.render.RenderOptions;
import dev.jprof.render.Renderer;
import dev.jprof.transform.CallStats;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * cProfile's table for a traced profile: ncalls ("total/primitive" for recursive methods), tottime,
 * percall, cumtime, percall, and the method with its file and first line. Optionally one table per
 * thread after a thread summary.
 */
public final class CallsTableWriter implements Renderer {
    private final CallStats.Sort sort;
    private final boolean perThread;

    public CallsTableWriter(CallStats.Sort sort, boolean perThread) {
        this.sort = sort;
        this.perThread = perThread;
    }

    /** The sort a report's generic option stands for. */
    static CallStats.Sort sortFor(RenderOptions.Sort sort) {
        return switch (sort) {
            case SELF -> CallStats.Sort.TOTTIME;
            case TOTAL -> CallStats.Sort.CUMTIME;
            case NAME -> CallStats.Sort.NAME;
        };
    }

    @Override
    public void render(Profile profile, RenderOptions options, OutputStream out) throws IOException {
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        writer.write(OneLineText.of(options.titleFor(profile)) + "\n");
        String target = profile.attribute(Attributes.TARGET);
        if (target != null) writer.write("target: " + OneLineText.of(target) + "\n");
        boolean timed = CallStats.timeIndex(profile) >= 0;
        String engine = profile.attribute(Attributes.ENGINE);
        if (engine != null) writer.write("engine: " + OneLineText.of(engine) + "\n");
        String overhead = profile.attribute(Attributes.TRACE_OVERHEAD_NANOS);
        if (timed && overhead != null) {
            writer.write("times are corrected for the tracer's own cost: " + overhead + " ns per call subtracted (measured at start)\n");
        }
        for (String warning : profile.warnings()) writer.write("warning: " + OneLineText.of(warning) + "\n");
        writer.write("\n");
        if (perThread) {
            writeThreadSummary(profile, writer, timed);
            for (int t = 0; t < profile.threadCount(); t++) {
                writer.write("\nthread " + OneLineText.of(profile.threadName(t)) + " (id " + profile.threadId(t) + ")\n");
                writeTable(CallStats.of(profile, t), options.top(), timed, writer);
            }
        } else {
            writeTable(CallStats.of(profile), options.top(), timed, writer);
        }
        writer.flush();
    }

    private static void writeThreadSummary(Profile profile, Writer writer, boolean timed) throws IOException {
        List<List<String>> cells = new ArrayList<>();
        cells.add(timed ? List.of("thread", "id", "calls", "total time") : List.of("thread", "id", "calls"));
        for (int t = 0; t < profile.threadCount(); t++) {
            CallStats stats = CallStats.of(profile, t);
            long time = 0;
            for (CallStats.Row row : stats.rows()) time += row.selfNanos();
            List<String> row = new ArrayList<>(List.of(profile.threadName(t), Long.toString(profile.threadId(t)),
                    String.format(Locale.ROOT, "%,d", stats.calls())));
            if (timed) row.add(Unit.NANOSECONDS.format(time));
            cells.add(row);
        }
        TextColumns.write(cells, 1, writer);
    }

    private void writeTable(CallStats stats, int top, boolean timed, Writer writer) throws IOException {
        long primitive = 0;
        long self = 0;
        for (CallStats.Row row : stats.rows()) {
            primitive += row.primitiveCalls();
            self += row.selfNanos();
        }
        String summary = String.format(Locale.ROOT, "%,d calls (%,d primitive)", stats.calls(), primitive);
        if (timed) summary += " in " + Unit.NANOSECONDS.format(self);
        writer.write(summary + "\n");
        writer.write("ordered by: " + sort.name().toLowerCase(Locale.ROOT) + "\n\n");
        List<CallStats.Row> rows = stats.sorted(sort);
        int shown = top == 0 ? rows.size() : Math.min(top, rows.size());
        List<List<String>> cells = new ArrayList<>();
        cells.add(timed ? List.of("ncalls", "tottime", "percall", "cumtime", "percall", "method (file:line)")
                : List.of("ncalls", "method (file:line)"));
        for (CallStats.Row row : rows.subList(0, shown)) {
            List<String> cell = new ArrayList<>();
            cell.add(row.ncalls());
            if (timed) {
                cell.add(Unit.NANOSECONDS.format(row.selfNanos()));
                cell.add(perCall(row.selfPerCall()));
                cell.add(Unit.NANOSECONDS.format(row.totalNanos()));
                cell.add(perCall(row.totalPerCall()));
            }
            String location = ReportText.location(stats.profile(), row.frame());
            cell.add(location.isEmpty() ? row.name() : row.name() + "  (" + location + ")");
            cells.add(cell);
        }
        TextColumns.write(cells, 0, writer);
        if (shown < rows.size()) writer.write("... " + (rows.size() - shown) + " more rows\n");
    }

    private static String perCall(double nanos) {
        if (nanos < 1000) return String.format(Locale.ROOT, "%.1f ns", nanos);
        return Unit.NANOSECONDS.format(Math.round(nanos));
    }
}
