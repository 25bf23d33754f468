package dev.jprof.transform;

import dev.jprof.model.Attributes;
import dev.jprof.model.FrameKind;
import dev.jprof.model.Profile;
import dev.jprof.model.ValueType;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Two request profiles side by side (those of {@code jprof request} and {@code record --requests}: views named
 * "LABEL: sampled", "LABEL: traced" and "LABEL: sql"): per method, its sampled self time and its traced calls in each;
 * per SQL statement, its executions and time in each; and what each request was (its attributes).
 */
public final class RequestComparison {
    /** Sampled self wall time and traced calls of a method (or a wait, or the off-CPU rest), before and after. */
    public record MethodRow(String method, long selfBefore, long selfAfter, long callsBefore, long callsAfter) {
        public long change() {
            return selfAfter - selfBefore;
        }
    }

    /** A statement's executions and total time, before and after. */
    public record SqlRow(String statement, long countBefore, long countAfter, long nanosBefore, long nanosAfter) {
    }

    public record Result(Map<String, String> before, Map<String, String> after, List<MethodRow> methods, List<SqlRow> statements) {
    }

    private RequestComparison() {
    }

    /** Whether this profile is a request's: its views can be compared here. */
    public static boolean isRequest(Profile profile) {
        return "request".equals(profile.attribute(Attributes.MODE)) && profile.valueTypeIndex(ValueType.WALL_TIME.name()) >= 0
                && profile.valueTypeIndex(ValueType.CALLS.name()) >= 0;
    }

    public static Result compare(Profile before, Profile after) {
        if (!isRequest(before) || !isRequest(after)) throw new IllegalArgumentException("both profiles must be request profiles");
        Map<String, long[]> methods = new LinkedHashMap<>();
        Map<String, long[]> sql = new LinkedHashMap<>();
        add(before, 0, methods, sql);
        add(after, 1, methods, sql);
        List<MethodRow> methodRows = new ArrayList<>();
        for (Map.Entry<String, long[]> e : methods.entrySet()) {
            long[] v = e.getValue();
            methodRows.add(new MethodRow(e.getKey(), v[0], v[1], v[2], v[3]));
        }
        methodRows.sort(Comparator.comparingLong((MethodRow r) -> -Math.abs(r.change())).thenComparingLong(r -> -Math.max(r.selfBefore(), r.selfAfter()))
                .thenComparing(MethodRow::method));
        List<SqlRow> sqlRows = new ArrayList<>();
        for (Map.Entry<String, long[]> e : sql.entrySet()) {
            long[] v = e.getValue();
            sqlRows.add(new SqlRow(e.getKey(), v[0], v[1], v[2], v[3]));
        }
        sqlRows.sort(Comparator.comparingLong((SqlRow r) -> -Math.max(r.nanosBefore(), r.nanosAfter())).thenComparing(SqlRow::statement));
        return new Result(before.attributes(), after.attributes(), methodRows, sqlRows);
    }

    /** Adds one profile's values in column {@code side} (0 before, 1 after). */
    private static void add(Profile profile, int side, Map<String, long[]> methods, Map<String, long[]> sql) {
        int wall = profile.valueTypeIndex(ValueType.WALL_TIME.name());
        int calls = profile.valueTypeIndex(ValueType.CALLS.name());
        for (int s = 0; s < profile.sampleCount(); s++) {
            int thread = profile.sampleThread(s);
            if (thread < 0) continue;
            String view = profile.threadName(thread);
            int leaf = profile.stackFrame(profile.sampleStack(s));
            String name = profile.frameName(leaf);
            if (view.endsWith(": sql")) {
                if (profile.frameKind(leaf) != FrameKind.SYNTHETIC) continue;
                long[] row = sql.computeIfAbsent(name, k -> new long[4]);
                row[side] += profile.value(calls, s);
                row[2 + side] += profile.value(wall, s);
            } else if (view.endsWith(": sampled")) {
                methods.computeIfAbsent(name, k -> new long[4])[side] += profile.value(wall, s);
            } else if (view.endsWith(": traced")) {
                methods.computeIfAbsent(name, k -> new long[4])[2 + side] += profile.value(calls, s);
            }
        }
    }
}
