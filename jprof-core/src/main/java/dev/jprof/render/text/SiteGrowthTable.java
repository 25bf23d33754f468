package dev.jprof.render.text;

import dev.jprof.model.Unit;
import dev.jprof.transform.SiteGrowth;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The text of a {@link SiteGrowth} comparison: one row per site, the largest change first. */
public final class SiteGrowthTable {
    private SiteGrowthTable() {
    }

    /** @param top rows to show, 0 = all */
    public static String render(SiteGrowth.Result result, int top) {
        List<List<String>> cells = new ArrayList<>();
        Unit unit = result.value().unit();
        String name = result.value().name();
        List<String> header = new ArrayList<>(List.of(name, name + " change"));
        if (result.count() != null) header.addAll(List.of(result.count().name(), result.count().name() + " change"));
        header.add("site");
        cells.add(header);
        int shown = top == 0 ? result.rows().size() : Math.min(top, result.rows().size());
        for (SiteGrowth.Row row : result.rows().subList(0, shown)) {
            List<String> cell = new ArrayList<>();
            cell.add(ReportText.amount(unit, row.value()));
            cell.add(signed(unit, row.valueDiff()));
            if (result.count() != null) {
                cell.add(ReportText.amount(result.count().unit(), row.count()));
                cell.add(signed(result.count().unit(), row.countDiff()));
            }
            cell.add(row.site());
            cells.add(cell);
        }
        StringBuilder text = new StringBuilder();
        int columns = header.size();
        int[] widths = new int[columns - 1];
        for (List<String> cell : cells) {
            for (int c = 0; c < widths.length; c++) widths[c] = Math.max(widths[c], cell.get(c).length());
        }
        for (List<String> cell : cells) {
            for (int c = 0; c < widths.length; c++) {
                text.append(" ".repeat(widths[c] - cell.get(c).length())).append(cell.get(c)).append("  ");
            }
            text.append(cell.get(columns - 1)).append('\n');
        }
        if (shown < result.rows().size()) text.append("... ").append(result.rows().size() - shown).append(" more rows\n");
        return text.toString();
    }

    private static String signed(Unit unit, long value) {
        String amount = ReportText.amount(unit, Math.abs(value));
        return value > 0 ? "+" + amount : value < 0 ? "-" + amount : String.format(Locale.ROOT, "%s", amount);
    }
}
