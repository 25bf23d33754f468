package dev.jprof.render.text;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/** Rows of text cells written as aligned columns. */
final class TextColumns {
    private TextColumns() {
    }

    /** Right-aligned columns, the last one free; the first {@code leftAligned} columns left-aligned. */
    static void write(List<List<String>> cells, int leftAligned, Writer writer) throws IOException {
        cells = cells.stream().map(row -> row.stream().map(OneLineText::of).toList()).toList();
        int columns = cells.get(0).size();
        int[] widths = new int[columns - 1];
        for (List<String> cell : cells) {
            for (int c = 0; c < widths.length; c++) widths[c] = Math.max(widths[c], cell.get(c).length());
        }
        StringBuilder line = new StringBuilder();
        for (List<String> cell : cells) {
            line.setLength(0);
            for (int c = 0; c < widths.length; c++) {
                String pad = " ".repeat(widths[c] - cell.get(c).length());
                if (c < leftAligned) line.append(cell.get(c)).append(pad);
                else line.append(pad).append(cell.get(c));
                line.append("  ");
            }
            line.append(cell.get(columns - 1)).append('\n');
            writer.write(line.toString());
        }
    }
}
