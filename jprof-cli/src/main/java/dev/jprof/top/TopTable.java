package dev.jprof.top;

import dev.jprof.top.SampleCounts.Tally;
import dev.jprof.top.StackSample.Frame;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * top's rows: per method (or per method and line; optionally per thread too) its own time (samples
 * with it as the leaf) and total time (samples with it anywhere on the stack, counted once per
 * sample, so recursion is not counted twice). Times add up since the last reset; the shares are of
 * the most recent samples, so they show where the time goes now.
 */
final class TopTable {
    /** What a row is: a method, a method and line, each optionally per thread. */
    record Granularity(boolean lines, boolean perThread) {
    }

    /** The column to sort by, with the keys that pick it. */
    enum Sort {
        OWN_SHARE("%Own"), TOTAL_SHARE("%Total"), OWN_TIME("OwnTime"), TOTAL_TIME("TotalTime");

        final String header;

        Sort(String header) {
            this.header = header;
        }
    }

    /** One row. {@code line} is the line (line granularity) or the method's most sampled line, -1 if unknown. */
    record Row(String thread, String method, int line, double ownShare, double totalShare, long ownNanos, long totalNanos) {
    }

    private record Key(String thread, String method, int line) {
    }

    /** Own and total values of a key, and for method rows the weight per line, to name the hottest. */
    private static final class Values {
        long own;
        long total;
        Map<Integer, Long> lines;
    }

    private TopTable() {
    }

    /**
     * @param total  samples since the reset (times)
     * @param recent the latest samples (shares); may be empty, then the shares are of {@code total}
     */
    static List<Row> rows(Map<StackSample, Tally> total, Map<StackSample, Tally> recent, Granularity granularity, Sort sort) {
        Map<Key, Values> times = aggregate(total, granularity);
        Map<Key, Values> shares = recent.isEmpty() ? times : aggregate(recent, granularity);
        double recentNanos = Math.max(1, sum(recent.isEmpty() ? total : recent));
        List<Row> rows = new ArrayList<>(times.size());
        for (Map.Entry<Key, Values> e : times.entrySet()) {
            Key key = e.getKey();
            Values v = e.getValue();
            Values now = shares.get(key);
            int line = key.line();
            if (v.lines != null) line = v.lines.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(-1);
            rows.add(new Row(key.thread(), key.method(), line, now == null ? 0 : 100.0 * now.own / recentNanos,
                    now == null ? 0 : 100.0 * now.total / recentNanos, v.own, v.total));
        }
        rows.sort(comparator(sort));
        return rows;
    }

    static long sum(Map<StackSample, Tally> samples) {
        long nanos = 0;
        for (Tally t : samples.values()) nanos += t.nanos;
        return nanos;
    }

    private static Comparator<Row> comparator(Sort sort) {
        Comparator<Row> by = switch (sort) {
            case OWN_SHARE -> Comparator.comparingDouble(Row::ownShare).thenComparingLong(Row::ownNanos);
            case TOTAL_SHARE -> Comparator.comparingDouble(Row::totalShare).thenComparingLong(Row::totalNanos);
            case OWN_TIME -> Comparator.comparingLong(Row::ownNanos).thenComparingDouble(Row::ownShare);
            case TOTAL_TIME -> Comparator.comparingLong(Row::totalNanos).thenComparingDouble(Row::totalShare);
        };
        return by.reversed().thenComparing(Row::method);
    }

    private static Map<Key, Values> aggregate(Map<StackSample, Tally> samples, Granularity granularity) {
        Map<Key, Values> values = new HashMap<>();
        Set<Key> seen = new HashSet<>();
        for (Map.Entry<StackSample, Tally> e : samples.entrySet()) {
            StackSample sample = e.getKey();
            long nanos = e.getValue().nanos;
            String thread = granularity.perThread() ? sample.thread() : null;
            List<Frame> frames = sample.frames();
            seen.clear();
            for (int i = 0; i < frames.size(); i++) {
                Frame frame = frames.get(i);
                Key key = new Key(thread, frame.name(), granularity.lines() ? frame.line() : -1);
                Values v = values.computeIfAbsent(key, k -> new Values());
                if (i == 0) v.own += nanos;
                if (seen.add(key)) {
                    v.total += nanos;
                    if (!granularity.lines()) {
                        if (v.lines == null) v.lines = new HashMap<>();
                        v.lines.merge(frame.line(), nanos, Long::sum);
                    }
                }
            }
        }
        return values;
    }
}
