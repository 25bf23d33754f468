package dev.jprof.cli;

import java.util.List;

/** Rows of cells as aligned text: every column right-aligned but the last. */
final class TextTable {
    private TextTable() {
    }

    static String of(List<List<String>> cells) {
        int columns = cells.get(0).size();
        int[] widths = new int[columns - 1];
        for (List<String> row : cells) {
            for (int c = 0; c < widths.length; c++) widths[c] = Math.max(widths[c], row.get(c).length());
        }
        StringBuilder text = new StringBuilder();
        for (List<String> row : cells) {
            for (int c = 0; c < widths.length; c++) {
                text.append(" ".repeat(widths[c] - row.get(c).length())).append(row.get(c)).append("  ");
            }
            text.append(row.get(columns - 1)).append('\n');
        }
        return text.toString();
    }
}
