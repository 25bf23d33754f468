package dev.jprof.transform;

import dev.jprof.model.Profile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-method self and total values, for every value type of a profile. A row is a method, or a
 * method and line when the profile kept lines; frames that differ only in kind or file share a row.
 * A sample counts once in the total of each distinct method on its stack, so recursion is not
 * counted twice.
 */
public final class MethodTable {
    private final Profile profile;
    private final List<Row> rows;

    /** One method (or method and line): its self and total value for each value type. */
    public static final class Row {
        private final String name;
        private final int frame;
        private final long[] self;
        private final long[] total;

        private Row(String name, int frame, long[] self, long[] total) {
            this.name = name;
            this.frame = frame;
            this.self = self;
            this.total = total;
        }

        /** class.method as {@link Profile#frameName} writes it. */
        public String name() {
            return name;
        }

        /** A frame of this method in the profile, for its file, line and kind. */
        public int frame() {
            return frame;
        }

        /** The value of samples where this method is the leaf. */
        public long self(int valueType) {
            return self[valueType];
        }

        /** The value of samples with this method anywhere on the stack, counted once per sample. */
        public long total(int valueType) {
            return total[valueType];
        }

        @Override
        public String toString() {
            return name + " self " + Arrays.toString(self) + " total " + Arrays.toString(total);
        }
    }

    private record MethodKey(String cls, String method, int line) {
    }

    private MethodTable(Profile profile, List<Row> rows) {
        this.profile = profile;
        this.rows = rows;
    }

    public static MethodTable of(Profile profile) {
        int valueTypes = profile.valueTypes().size();
        int[] methodOfFrame = new int[profile.frameCount()];
        Map<MethodKey, Integer> methodIds = new HashMap<>();
        List<Integer> firstFrame = new ArrayList<>();
        for (int f = 0; f < methodOfFrame.length; f++) {
            MethodKey key = new MethodKey(profile.frameClass(f), profile.frameMethod(f), profile.frameLine(f));
            Integer id = methodIds.get(key);
            if (id == null) {
                id = firstFrame.size();
                methodIds.put(key, id);
                firstFrame.add(f);
            }
            methodOfFrame[f] = id;
        }

        long[][] stackValues = new long[valueTypes][profile.stackCount()];
        boolean[] sampled = new boolean[profile.stackCount()];
        for (int s = 0; s < profile.sampleCount(); s++) {
            int stack = profile.sampleStack(s);
            sampled[stack] = true;
            for (int v = 0; v < valueTypes; v++) stackValues[v][stack] += profile.value(v, s);
        }

        int methods = firstFrame.size();
        long[][] self = new long[methods][valueTypes];
        long[][] total = new long[methods][valueTypes];
        boolean[] used = new boolean[methods];
        int[] seenAtStack = new int[methods];
        Arrays.fill(seenAtStack, -1);
        for (int stack = 0; stack < sampled.length; stack++) {
            if (!sampled[stack]) continue;
            int leaf = methodOfFrame[profile.stackFrame(stack)];
            used[leaf] = true;
            for (int v = 0; v < valueTypes; v++) self[leaf][v] += stackValues[v][stack];
            for (int s = stack; s != Profile.ROOT; s = profile.stackParent(s)) {
                int method = methodOfFrame[profile.stackFrame(s)];
                if (seenAtStack[method] == stack) continue;
                seenAtStack[method] = stack;
                used[method] = true;
                for (int v = 0; v < valueTypes; v++) total[method][v] += stackValues[v][stack];
            }
        }

        List<Row> rows = new ArrayList<>();
        for (int m = 0; m < methods; m++) {
            if (!used[m]) continue;
            int frame = firstFrame.get(m);
            rows.add(new Row(profile.frameName(frame), frame, self[m], total[m]));
        }
        return new MethodTable(profile, Collections.unmodifiableList(rows));
    }

    public Profile profile() {
        return profile;
    }

    /** Every method seen on a sampled stack, in frame order. */
    public List<Row> rows() {
        return rows;
    }

    /** Largest self value first; ties by total, then name. */
    public List<Row> sortedBySelf(int valueType) {
        return sorted(bySelf(valueType).thenComparing(byTotal(valueType)).thenComparing(byName()));
    }

    /** Largest total value first; ties by self, then name. */
    public List<Row> sortedByTotal(int valueType) {
        return sorted(byTotal(valueType).thenComparing(bySelf(valueType)).thenComparing(byName()));
    }

    /** Alphabetical by name, then line. */
    public List<Row> sortedByName() {
        return sorted(byName());
    }

    private List<Row> sorted(Comparator<Row> order) {
        List<Row> sorted = new ArrayList<>(rows);
        sorted.sort(order);
        return sorted;
    }

    private static Comparator<Row> bySelf(int valueType) {
        return Comparator.comparingLong((Row r) -> r.self(valueType)).reversed();
    }

    private static Comparator<Row> byTotal(int valueType) {
        return Comparator.comparingLong((Row r) -> r.total(valueType)).reversed();
    }

    private Comparator<Row> byName() {
        return Comparator.comparing(Row::name).thenComparingInt(r -> profile.frameLine(r.frame()));
    }
}
