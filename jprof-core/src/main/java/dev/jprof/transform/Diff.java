package dev.jprof.transform;

import dev.jprof.model.Profile;
import dev.jprof.model.ProfileBuilder;
import dev.jprof.model.ValueType;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Two profiles as one, for a differential view: every sample of the baseline with its value in the
 * "baseline" column and 0 in "current", every sample of the current profile the other way round.
 * Stacks with the same frames meet in one prefix tree. Times are dropped (two recordings do not share
 * a clock); threads and states are kept.
 */
public final class Diff {
    public static final String BASELINE = "baseline";
    public static final String CURRENT = "current";

    private Diff() {
    }

    /**
     * @param value name of the value type to compare, present in both with the same unit; null = "samples"
     *              when both have it, else the first value type of the baseline
     */
    public static Profile of(Profile baseline, Profile current, String value) {
        String name = value;
        if (name == null) {
            boolean samples = baseline.valueTypeIndex(ValueType.SAMPLES.name()) >= 0 && current.valueTypeIndex(ValueType.SAMPLES.name()) >= 0;
            name = samples ? ValueType.SAMPLES.name() : baseline.valueTypes().get(0).name();
        }
        int baseColumn = column(baseline, name, "baseline");
        int currentColumn = column(current, name, "current");
        ValueType type = baseline.valueTypes().get(baseColumn);
        if (type.unit() != current.valueTypes().get(currentColumn).unit()) {
            throw new IllegalArgumentException("value '" + name + "' counts " + type.unit().symbol() + " in the baseline but "
                    + current.valueTypes().get(currentColumn).unit().symbol() + " in the current profile");
        }
        ProfileBuilder builder = new ProfileBuilder(new ValueType(BASELINE, type.unit()), new ValueType(CURRENT, type.unit()));
        Map<String, String> attributes = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : baseline.attributes().entrySet()) {
            if (Objects.equals(e.getValue(), current.attribute(e.getKey()))) attributes.put(e.getKey(), e.getValue());
        }
        builder.attributes(attributes);
        for (String w : baseline.warnings()) builder.warning("baseline: " + w);
        for (String w : current.warnings()) builder.warning("current: " + w);
        copy(baseline, baseColumn, 0, builder);
        copy(current, currentColumn, 1, builder);
        return builder.build();
    }

    private static int column(Profile profile, String name, String which) {
        int index = profile.valueTypeIndex(name);
        if (index < 0) {
            throw new IllegalArgumentException("the " + which + " profile has no value '" + name + "' (it has "
                    + String.join(", ", profile.valueTypes().stream().map(ValueType::name).toList()) + ")");
        }
        return index;
    }

    private static void copy(Profile profile, int column, int into, ProfileBuilder builder) {
        int[] frames = new int[profile.frameCount()];
        for (int f = 0; f < frames.length; f++) frames[f] = builder.frame(profile, f);
        int[] stacks = new int[profile.stackCount()];
        for (int s = 0; s < stacks.length; s++) {
            int parent = profile.stackParent(s);
            stacks[s] = builder.stack(parent == Profile.ROOT ? Profile.ROOT : stacks[parent], frames[profile.stackFrame(s)]);
        }
        int[] threads = new int[profile.threadCount()];
        for (int t = 0; t < threads.length; t++) threads[t] = builder.thread(profile.threadName(t), profile.threadId(t));
        long[] values = new long[2];
        for (int i = 0; i < profile.sampleCount(); i++) {
            values[into] = profile.value(column, i);
            values[1 - into] = 0;
            int thread = profile.sampleThread(i);
            builder.sample(stacks[profile.sampleStack(i)], thread == Profile.NO_THREAD ? Profile.NO_THREAD : threads[thread],
                    profile.sampleState(i), Profile.NO_TIME, values);
        }
    }
}
