package dev.jprof.heap;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Instances and shallow bytes per class in a heap at one moment, largest first: what the JVM's
 * GC.class_histogram diagnostic command prints (objgraph's most_common_types, with sizes).
 */
public record ClassHistogram(List<Row> rows, long timeMillis) {
    /** " 1:  12345  678900  [B (java.base@17.0.1)" */
    private static final Pattern LINE = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");

    public record Row(String type, long instances, long bytes) {
    }

    public ClassHistogram {
        rows = List.copyOf(rows);
    }

    /**
     * Parses GC.class_histogram's output.
     *
     * @throws IllegalArgumentException when the text holds no histogram row (for example an error message)
     */
    public static ClassHistogram parse(String text, long timeMillis) {
        List<Row> rows = new ArrayList<>();
        for (String line : text.split("\n")) {
            Matcher m = LINE.matcher(line);
            if (m.find()) rows.add(new Row(TypeNames.javaName(m.group(3)), Long.parseLong(m.group(1)), Long.parseLong(m.group(2))));
        }
        if (rows.isEmpty()) {
            String first = text.strip().isEmpty() ? "no output" : text.strip().split("\n")[0];
            throw new IllegalArgumentException("not a class histogram: " + first);
        }
        rows.sort(Comparator.comparingLong(Row::bytes).reversed().thenComparing(Row::type));
        return new ClassHistogram(rows, timeMillis);
    }

    public long totalInstances() {
        return rows.stream().mapToLong(Row::instances).sum();
    }

    public long totalBytes() {
        return rows.stream().mapToLong(Row::bytes).sum();
    }
}
