package dev.jprof.transform;

import dev.jprof.model.FrameKind;
import dev.jprof.model.Profile;
import dev.jprof.model.ValueType;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Growth by site between two profiles, like tracemalloc's {@code Snapshot.compare_to}: per site its
 * value and count in the newer profile and their change since the older one, largest change first.
 * A site is the leaf frame of a stack; in an allocation profile, the allocating frame and the
 * allocated type ("Foo.bar:42  long[]"); in a lock profile, the frame that took the lock and its class.
 */
public final class SiteGrowth {
    /** One site: its value and count in the newer profile, and the change from the older. */
    public record Row(String site, long value, long valueDiff, long count, long countDiff) {
    }

    /** The compared value, the count beside it (may be null), and the rows. */
    public record Result(ValueType value, ValueType count, List<Row> rows) {
    }

    private SiteGrowth() {
    }

    /**
     * @param value name of the value type to compare; null = the first value type
     * @param lines tell sites apart by line (tracemalloc's "lineno"), otherwise by method
     * @throws IllegalArgumentException when the profiles do not both have that value type
     */
    public static Result compare(Profile before, Profile after, String value, boolean lines) {
        ValueType type = value == null ? after.valueTypes().get(0) : typeNamed(after, value);
        int afterValue = after.valueTypeIndex(type.name());
        int beforeValue = before.valueTypeIndex(type.name());
        if (beforeValue < 0 || !before.valueTypes().get(beforeValue).equals(type)) {
            throw new IllegalArgumentException("the older profile has no value " + type + " (it has " + before.valueTypes() + ")");
        }
        ValueType count = countType(after, type);
        int afterCount = count == null ? -1 : after.valueTypeIndex(count.name());
        int beforeCount = count == null ? -1 : before.valueTypeIndex(count.name());
        if (beforeCount < 0) count = null;

        Map<String, long[]> old = totals(before, beforeValue, count == null ? -1 : beforeCount, lines);
        Map<String, long[]> now = totals(after, afterValue, count == null ? -1 : afterCount, lines);
        Set<String> sites = new HashSet<>(old.keySet());
        sites.addAll(now.keySet());
        List<Row> rows = new ArrayList<>();
        for (String site : sites) {
            long[] o = old.getOrDefault(site, new long[2]);
            long[] n = now.getOrDefault(site, new long[2]);
            rows.add(new Row(site, n[0], n[0] - o[0], n[1], n[1] - o[1]));
        }
        rows.sort(Comparator.comparingLong((Row r) -> Math.abs(r.valueDiff())).reversed()
                .thenComparing(Comparator.comparingLong(Row::value).reversed())
                .thenComparing(Row::site));
        return new Result(type, count, rows);
    }

    private static ValueType typeNamed(Profile profile, String name) {
        int index = profile.valueTypeIndex(name);
        if (index < 0) throw new IllegalArgumentException("the newer profile has no value '" + name + "' (it has " + profile.valueTypes() + ")");
        return profile.valueTypes().get(index);
    }

    /** The other value that counts observations: "count" (allocation and lock profiles) or "samples". */
    private static ValueType countType(Profile profile, ValueType compared) {
        for (String name : new String[]{"count", "samples"}) {
            int index = profile.valueTypeIndex(name);
            if (index >= 0 && !profile.valueTypes().get(index).equals(compared)) return profile.valueTypes().get(index);
        }
        return null;
    }

    private static Map<String, long[]> totals(Profile profile, int value, int count, boolean lines) {
        String[] siteOfStack = new String[profile.stackCount()];
        Map<String, long[]> totals = new HashMap<>();
        for (int s = 0; s < profile.sampleCount(); s++) {
            int stack = profile.sampleStack(s);
            String site = siteOfStack[stack];
            if (site == null) {
                site = site(profile, stack, lines);
                siteOfStack[stack] = site;
            }
            long[] sum = totals.computeIfAbsent(site, k -> new long[2]);
            sum[0] += profile.value(value, s);
            if (count >= 0) sum[1] += profile.value(count, s);
        }
        return totals;
    }

    private static String site(Profile profile, int stack, boolean lines) {
        int leaf = profile.stackFrame(stack);
        FrameKind kind = profile.frameKind(leaf);
        if (kind != FrameKind.ALLOCATION && kind != FrameKind.LOCK) return frame(profile, leaf, lines);
        int parent = profile.stackParent(stack);
        // a lock's site is the code that took it, not the JDK's code that waits for it
        while (kind == FrameKind.LOCK && parent != Profile.ROOT && isLockPlumbing(profile.frameClass(profile.stackFrame(parent)))) {
            parent = profile.stackParent(parent);
        }
        String type = profile.frameName(leaf);
        return parent == Profile.ROOT ? type : frame(profile, profile.stackFrame(parent), lines) + "  " + type;
    }

    /** Classes that a thread passes through while it waits for a java.util.concurrent lock: Unsafe.park, LockSupport, the locks. */
    private static boolean isLockPlumbing(String cls) {
        return cls.startsWith("java.util.concurrent.") || cls.equals("jdk.internal.misc.Unsafe") || cls.equals("sun.misc.Unsafe");
    }

    private static String frame(Profile profile, int frame, boolean lines) {
        String name = profile.frameName(frame);
        int line = profile.frameLine(frame);
        return lines && line > 0 ? name + ":" + line : name;
    }
}
