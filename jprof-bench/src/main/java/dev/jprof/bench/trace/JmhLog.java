package dev.jprof.bench.trace;

import dev.jprof.bench.Stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JMH's human-readable output: the measured iterations' scores of each benchmark run, in the order the runs
 * were made ({@code # Benchmark:} starts a run; {@code Iteration N: SCORE UNIT} lines are its measured
 * iterations, warm-up iterations are left out).
 */
public final class JmhLog {
    private static final Pattern ITERATION = Pattern.compile("^Iteration\\s+\\d+:\\s+([0-9][0-9.,]*)\\s+\\S+.*$");

    private JmhLog() {
    }

    /** Per run, its measured iterations' scores; a run that failed before measuring has an empty list. */
    public static List<List<Double>> iterations(String output) {
        List<List<Double>> runs = new ArrayList<>();
        for (String line : output.lines().toList()) {
            if (line.startsWith("# Benchmark:")) {
                runs.add(new ArrayList<>());
                continue;
            }
            Matcher m = ITERATION.matcher(line.strip());
            if (m.matches() && !runs.isEmpty()) runs.get(runs.size() - 1).add(number(m.group(1)));
        }
        return runs;
    }

    /** "1.004" and, in a locale with a decimal comma, "1,004". */
    static double number(String text) {
        return Double.parseDouble(text.contains(".") ? text.replace(",", "") : text.replace(',', '.'));
    }

    /**
     * The Markdown table with one more column: the median (min–max) of each run's iterations, row i of the table
     * being run i. When the table has not as many rows as there are runs the table is returned as it is.
     */
    public static String withSpread(String table, List<List<Double>> runs, String unit) {
        List<String> lines = table.lines().toList();
        if (lines.size() < 2 || lines.size() - 2 != runs.size()) return table;
        StringBuilder out = new StringBuilder();
        out.append(lines.get(0)).append(" per iteration, median (min–max) |\n");
        out.append(lines.get(1)).append("---:|\n");
        for (int i = 0; i < runs.size(); i++) {
            List<Double> scores = runs.get(i);
            String cell = scores.isEmpty() ? "–" : String.format(Locale.ROOT, "%.2f (%.2f–%.2f) %s", Stats.median(scores),
                    Stats.min(scores), Stats.max(scores), unit);
            out.append(lines.get(i + 2)).append(' ').append(cell).append(" |\n");
        }
        return out.toString();
    }
}
