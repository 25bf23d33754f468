package dev.jprof.render.text;

import dev.jprof.model.Profile;
import dev.jprof.model.Unit;
import dev.jprof.model.ValueType;
import dev.jprof.render.RenderOptions;
import dev.jprof.render.Renderer;
import dev.jprof.transform.CallStats;
import dev.jprof.transform.MethodTable;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A pstats-like table of methods: self and total of the chosen value with their share of the
 * whole, self and total time when the profile measured time in another value, then the method.
 */
public final class TableWriter implements Renderer {
    @Override
    public void render(Profile profile, RenderOptions options, OutputStream out) throws IOException {
        if (CallStats.applies(profile)) {
            new CallsTableWriter(CallsTableWriter.sortFor(options.sort()), false).render(profile, options, out);
            return;
        }
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        for (String line : ReportText.header(profile, options)) writer.write(line + "\n");
        writer.write("\n");

        int value = options.valueIndex(profile);
        long whole = profile.total(value);
        MethodTable table = MethodTable.of(profile);
        if (profile.sampleCount() == 0) {
            writer.write("no samples\n");
            writer.flush();
            return;
        }
        List<MethodTable.Row> rows = switch (options.sort()) {
            case SELF -> table.sortedBySelf(value);
            case TOTAL -> table.sortedByTotal(value);
            case NAME -> table.sortedByName();
        };
        int shown = options.top() == 0 ? rows.size() : Math.min(options.top(), rows.size());

        ValueType type = profile.valueTypes().get(value);
        int time = ReportText.timeIndex(profile, value);
        if (type.unit() == Unit.NANOSECONDS) time = -1;
        List<String> header = new ArrayList<>(List.of("self " + type.name(), "self %", "total " + type.name(), "total %"));
        if (time >= 0) header.addAll(List.of("self time", "total time"));
        header.add("method");

        List<List<String>> cells = new ArrayList<>();
        cells.add(header);
        for (MethodTable.Row row : rows.subList(0, shown)) {
            List<String> cell = new ArrayList<>();
            cell.add(ReportText.amount(type.unit(), row.self(value)));
            cell.add(ReportText.percent(row.self(value), whole));
            cell.add(ReportText.amount(type.unit(), row.total(value)));
            cell.add(ReportText.percent(row.total(value), whole));
            if (time >= 0) {
                cell.add(Unit.NANOSECONDS.format(row.self(time)));
                cell.add(Unit.NANOSECONDS.format(row.total(time)));
            }
            String location = ReportText.location(profile, row.frame());
            cell.add(location.isEmpty() ? row.name() : row.name() + "  " + location);
            cells.add(cell);
        }

        TextColumns.write(cells, 0, writer);
        if (shown < rows.size()) writer.write("... " + (rows.size() - shown) + " more rows\n");
        writer.flush();
    }
}
