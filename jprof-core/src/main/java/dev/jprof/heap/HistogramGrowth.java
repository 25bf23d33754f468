package dev.jprof.heap;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which types grew, like objgraph's show_growth: each snapshot is compared with the highest count
 * each type reached in the snapshots before it, and only the types above that peak are reported,
 * so a type that merely goes up and down is not mistaken for a leak. Not thread-safe.
 */
public final class HistogramGrowth {
    /** A type above its earlier peak: its instances and bytes now, and how far above the peak. */
    public record Row(String type, long instances, long instancesGrowth, long bytes, long bytesGrowth) {
    }

    private final Map<String, long[]> peaks = new HashMap<>();
    private boolean first = true;

    /**
     * Takes the next snapshot; returns the types that grew beyond their peak, most new instances
     * first (empty for the first snapshot, which only sets the peaks).
     */
    public List<Row> next(ClassHistogram histogram) {
        List<Row> grown = new ArrayList<>();
        for (ClassHistogram.Row row : histogram.rows()) {
            long[] peak = peaks.get(row.type());
            if (peak == null) {
                peaks.put(row.type(), new long[]{row.instances(), row.bytes()});
                if (!first) grown.add(new Row(row.type(), row.instances(), row.instances(), row.bytes(), row.bytes()));
                continue;
            }
            if (row.instances() > peak[0]) {
                grown.add(new Row(row.type(), row.instances(), row.instances() - peak[0], row.bytes(), row.bytes() - peak[1]));
                peak[0] = row.instances();
                peak[1] = row.bytes();
            }
        }
        first = false;
        grown.sort(Comparator.comparingLong(Row::instancesGrowth).reversed().thenComparing(Row::type));
        return grown;
    }
}
