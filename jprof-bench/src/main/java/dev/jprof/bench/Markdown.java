package dev.jprof.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Markdown tables, number formats, and rewriting a marked section of BENCHMARKS.md. */
public final class Markdown {
    private Markdown() {
    }

    /** A GitHub-flavoured Markdown table; '|' in cells is escaped. */
    public static String table(List<String> header, List<List<String>> rows) {
        StringBuilder out = new StringBuilder();
        row(out, header);
        List<String> rule = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) rule.add(i == 0 ? "---" : "---:");
        row(out, rule);
        for (List<String> r : rows) row(out, r);
        return out.toString();
    }

    private static void row(StringBuilder out, List<String> cells) {
        out.append('|');
        for (String cell : cells) out.append(' ').append(cell.replace("|", "\\|")).append(" |");
        out.append('\n');
    }

    /**
     * Replaces what lies between {@code <!-- NAME:begin -->} and {@code <!-- NAME:end -->} (markers kept);
     * when the markers are missing, appends a new marked section at the end.
     */
    public static String replaceSection(String document, String name, String content) {
        String begin = "<!-- " + name + ":begin -->";
        String end = "<!-- " + name + ":end -->";
        String body = content.endsWith("\n") ? content : content + "\n";
        int b = document.indexOf(begin);
        int e = document.indexOf(end);
        if (b < 0 || e < 0 || e < b) {
            String sep = document.isEmpty() || document.endsWith("\n") ? "" : "\n";
            return document + sep + "\n" + begin + "\n" + body + end + "\n";
        }
        return document.substring(0, b + begin.length()) + "\n" + body + document.substring(e);
    }

    /** Seconds with two decimals. */
    public static String seconds(double s) {
        return String.format(Locale.ROOT, "%.2f", s);
    }

    /** A ratio as "1.043×". */
    public static String ratio(double r) {
        return Double.isNaN(r) ? "–" : String.format(Locale.ROOT, "%.3f×", r);
    }

    /** A ratio as a signed percentage: 1.043 → "+4.3%". */
    public static String percent(double r) {
        return Double.isNaN(r) ? "–" : String.format(Locale.ROOT, "%+.1f%%", (r - 1) * 100);
    }

    /** A count with thousands separators: 1234567 → "1,234,567". */
    public static String count(double n) {
        return String.format(Locale.ROOT, "%,.0f", n);
    }

    /** The last Markdown table in a program's output (its last run of lines starting with '|'), or "" when there is none. */
    public static String lastTable(String output) {
        List<String> lines = output.lines().toList();
        int end = lines.size();
        while (end > 0 && !lines.get(end - 1).startsWith("|")) end--;
        int start = end;
        while (start > 0 && lines.get(start - 1).startsWith("|")) start--;
        StringBuilder out = new StringBuilder();
        for (String line : lines.subList(start, end)) out.append(line).append('\n');
        return out.toString();
    }
}
