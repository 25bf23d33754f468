package dev.jprof.transform;

import dev.jprof.model.Profile;
import dev.jprof.model.ProfileBuilder;
import dev.jprof.model.Unit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * cProfile's per-method statistics of a traced profile (one sample per call-tree node, with calls and
 * self time): calls, primitive calls (those not made from within the same method), self time, and
 * cumulative time counted once per outermost call, so a recursive method's time is not counted twice.
 */
public final class CallStats {
    private final Profile profile;
    private final List<Row> rows;
    private final long calls;

    /** One method: its calls and times. */
    public record Row(String name, int frame, long calls, long primitiveCalls, long selfNanos, long totalNanos) {
        /** cProfile's ncalls: "total/primitive" when they differ. */
        public String ncalls() {
            return calls == primitiveCalls ? Long.toString(calls) : calls + "/" + primitiveCalls;
        }

        /** Self time per call. */
        public double selfPerCall() {
            return calls == 0 ? 0 : selfNanos / (double) calls;
        }

        /** Cumulative time per primitive call, as cProfile divides it. */
        public double totalPerCall() {
            return primitiveCalls == 0 ? 0 : totalNanos / (double) primitiveCalls;
        }
    }

    /** Row orders, by cProfile's sort keys. */
    public enum Sort {
        TOTTIME, CUMTIME, NCALLS, PERCALL, CUMPERCALL, NAME;

        public static Sort parse(String text) {
            String t = text.trim().toLowerCase(Locale.ROOT);
            return switch (t) {
                case "tottime", "self", "time" -> TOTTIME;
                case "cumtime", "cumulative", "total" -> CUMTIME;
                case "ncalls", "calls" -> NCALLS;
                case "percall", "tottime-percall" -> PERCALL;
                case "cumpercall", "cumtime-percall" -> CUMPERCALL;
                case "name" -> NAME;
                default -> throw new IllegalArgumentException("unknown sort '" + text
                        + "' (expected tottime, cumtime, ncalls, percall, cumpercall or name)");
            };
        }
    }

    private CallStats(Profile profile, List<Row> rows, long calls) {
        this.profile = profile;
        this.rows = rows;
        this.calls = calls;
    }

    /** Whether the profile holds exact calls (a trace). */
    public static boolean applies(Profile profile) {
        int index = profile.valueTypeIndex("calls");
        return index >= 0 && profile.valueTypes().get(index).unit() == Unit.CALLS;
    }

    /** Index of the profile's time value (nanoseconds), or -1 when it counted calls only. */
    public static int timeIndex(Profile profile) {
        for (int v = 0; v < profile.valueTypes().size(); v++) {
            if (profile.valueTypes().get(v).unit() == Unit.NANOSECONDS) return v;
        }
        return -1;
    }

    /** Every thread together. */
    public static CallStats of(Profile profile) {
        return of(profile, Profile.NO_THREAD - 1);
    }

    /** One thread's calls ({@code thread} an index of the profile's threads), or all when it is below NO_THREAD. */
    public static CallStats of(Profile profile, int thread) {
        int callsIndex = profile.valueTypeIndex("calls");
        if (callsIndex < 0) throw new IllegalArgumentException("the profile has no calls: it is not a trace");
        int timeIndex = timeIndex(profile);
        int stacks = profile.stackCount();
        long[] calls = new long[stacks];
        long[] self = new long[stacks];
        for (int s = 0; s < profile.sampleCount(); s++) {
            if (thread >= Profile.NO_THREAD && profile.sampleThread(s) != thread) continue;
            int stack = profile.sampleStack(s);
            calls[stack] += profile.value(callsIndex, s);
            if (timeIndex >= 0) self[stack] += profile.value(timeIndex, s);
        }
        long[] total = self.clone();
        for (int s = stacks - 1; s >= 0; s--) {
            int parent = profile.stackParent(s);
            if (parent != Profile.ROOT) total[parent] += total[s];
        }

        Map<String, Integer> methodIds = new HashMap<>();
        List<Integer> firstFrame = new ArrayList<>();
        int[] methodOfStack = new int[stacks];
        for (int s = 0; s < stacks; s++) {
            int frame = profile.stackFrame(s);
            String key = profile.frameClass(frame) + '\u0000' + profile.frameMethod(frame) + '\u0000' + profile.frameLine(frame);
            Integer id = methodIds.get(key);
            if (id == null) {
                id = firstFrame.size();
                methodIds.put(key, id);
                firstFrame.add(frame);
            }
            methodOfStack[s] = id;
        }
        // a stack is the outermost call of its method when no ancestor is the same method
        boolean[] outermost = new boolean[stacks];
        for (int s = 0; s < stacks; s++) {
            int method = methodOfStack[s];
            int a = profile.stackParent(s);
            while (a != Profile.ROOT && methodOfStack[a] != method) a = profile.stackParent(a);
            outermost[s] = a == Profile.ROOT;
        }

        int methods = firstFrame.size();
        long[] mCalls = new long[methods];
        long[] mPrimitive = new long[methods];
        long[] mSelf = new long[methods];
        long[] mTotal = new long[methods];
        long allCalls = 0;
        for (int s = 0; s < stacks; s++) {
            int m = methodOfStack[s];
            mCalls[m] += calls[s];
            mSelf[m] += self[s];
            allCalls += calls[s];
            if (outermost[s]) {
                mPrimitive[m] += calls[s];
                mTotal[m] += total[s];
            }
        }
        List<Row> rows = new ArrayList<>();
        for (int m = 0; m < methods; m++) {
            if (mCalls[m] == 0) continue;
            int frame = firstFrame.get(m);
            rows.add(new Row(profile.frameName(frame), frame, mCalls[m], mPrimitive[m], mSelf[m], mTotal[m]));
        }
        return new CallStats(profile, Collections.unmodifiableList(rows), allCalls);
    }

    public Profile profile() {
        return profile;
    }

    public List<Row> rows() {
        return rows;
    }

    /** Calls of every method. */
    public long calls() {
        return calls;
    }

    public List<Row> sorted(Sort sort) {
        Comparator<Row> byName = Comparator.comparing(Row::name).thenComparingInt(r -> profile.frameLine(r.frame()));
        Comparator<Row> order = switch (sort) {
            case TOTTIME -> Comparator.comparingLong(Row::selfNanos).reversed();
            case CUMTIME -> Comparator.comparingLong(Row::totalNanos).reversed();
            case NCALLS -> Comparator.comparingLong(Row::calls).reversed();
            case PERCALL -> Comparator.comparingDouble(Row::selfPerCall).reversed();
            case CUMPERCALL -> Comparator.comparingDouble(Row::totalPerCall).reversed();
            case NAME -> byName;
        };
        List<Row> sorted = new ArrayList<>(rows);
        sorted.sort(order.thenComparing(Comparator.comparingLong(Row::calls).reversed()).thenComparing(byName));
        return sorted;
    }

    /**
     * The same profile where each node's value {@code valueIndex} is its total (itself and its callees)
     * instead of its self value, for "collapsed --metric total": each line then carries a node's total.
     */
    public static Profile withTotals(Profile profile, int valueIndex) {
        int stacks = profile.stackCount();
        long[] total = new long[stacks];
        for (int s = 0; s < profile.sampleCount(); s++) total[profile.sampleStack(s)] += profile.value(valueIndex, s);
        for (int s = stacks - 1; s >= 0; s--) {
            int parent = profile.stackParent(s);
            if (parent != Profile.ROOT) total[parent] += total[s];
        }
        ProfileBuilder builder = new ProfileBuilder(profile.valueTypes());
        int[] stackMap = new int[stacks];
        for (int s = 0; s < stacks; s++) {
            int parent = profile.stackParent(s);
            stackMap[s] = builder.stack(parent == Profile.ROOT ? Profile.ROOT : stackMap[parent], builder.frame(profile, profile.stackFrame(s)));
        }
        int types = profile.valueTypes().size();
        boolean[] done = new boolean[stacks];
        for (int s = 0; s < profile.sampleCount(); s++) {
            int stack = profile.sampleStack(s);
            long[] values = new long[types];
            for (int v = 0; v < types; v++) values[v] = v == valueIndex ? (done[stack] ? 0 : total[stack]) : profile.value(v, s);
            done[stack] = true;
            builder.sample(stackMap[stack], Profile.NO_THREAD, profile.sampleState(s), profile.sampleTime(s), values);
        }
        return builder.attributes(profile.attributes()).build();
    }

    /**
     * Only what happens under the roots: each node's path is cut to start at its outermost frame that
     * {@code root} accepts (a frame id of the profile); nodes with no such frame are dropped.
     */
    public static Profile underRoots(Profile profile, java.util.function.IntPredicate root) {
        int stacks = profile.stackCount();
        ProfileBuilder builder = new ProfileBuilder(profile.valueTypes());
        int[] stackMap = new int[stacks];
        for (int s = 0; s < stacks; s++) {
            int parent = profile.stackParent(s);
            int above = parent == Profile.ROOT ? Profile.ROOT - 1 : stackMap[parent];
            int frame = profile.stackFrame(s);
            if (above >= Profile.ROOT) {
                stackMap[s] = builder.stack(above, builder.frame(profile, frame));
            } else if (root.test(frame)) {
                stackMap[s] = builder.stack(Profile.ROOT, builder.frame(profile, frame));
            } else {
                stackMap[s] = Profile.ROOT - 1;
            }
        }
        int[] threads = new int[profile.threadCount()];
        for (int t = 0; t < threads.length; t++) threads[t] = builder.thread(profile.threadName(t), profile.threadId(t));
        long[] values = new long[profile.valueTypes().size()];
        for (int s = 0; s < profile.sampleCount(); s++) {
            int stack = stackMap[profile.sampleStack(s)];
            if (stack < 0) continue;
            for (int v = 0; v < values.length; v++) values[v] = profile.value(v, s);
            int thread = profile.sampleThread(s);
            builder.sample(stack, thread == Profile.NO_THREAD ? thread : threads[thread], profile.sampleState(s), profile.sampleTime(s), values);
        }
        for (String warning : profile.warnings()) builder.warning(warning);
        return builder.attributes(profile.attributes()).build();
    }
}
