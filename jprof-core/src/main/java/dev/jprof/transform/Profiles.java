package dev.jprof.transform;

import dev.jprof.model.FrameKind;
import dev.jprof.model.Profile;
import dev.jprof.model.ProfileBuilder;
import dev.jprof.model.ValueType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Merging several profiles into one. */
public final class Profiles {
    private Profiles() {
    }

    /** All samples of all profiles in one profile, stacks unchanged. */
    public static Profile merge(List<Profile> profiles) {
        return merge(profiles, null);
    }

    /**
     * All samples of all profiles in one, each input's stacks under its own synthetic root frame,
     * for example "[pid 4242]". Value types must have the same names and units in every input (their
     * order may differ); the result has the first input's order. Attributes that all inputs agree on
     * are kept; warnings are joined.
     */
    public static Profile mergeWithRoots(List<Profile> profiles, List<String> rootNames) {
        if (rootNames.size() != profiles.size()) {
            throw new IllegalArgumentException(profiles.size() + " profiles but " + rootNames.size() + " root names");
        }
        return merge(profiles, rootNames);
    }

    private static Profile merge(List<Profile> profiles, List<String> rootNames) {
        if (profiles.isEmpty()) throw new IllegalArgumentException("nothing to merge");
        List<ValueType> valueTypes = profiles.get(0).valueTypes();
        ProfileBuilder builder = new ProfileBuilder(valueTypes);
        builder.attributes(commonAttributes(profiles));
        for (int i = 0; i < profiles.size(); i++) {
            Profile profile = profiles.get(i);
            int[] columns = valueColumns(valueTypes, profile, i);
            for (String warning : profile.warnings()) builder.warning(warning);
            int root = Profile.ROOT;
            if (rootNames != null) {
                root = builder.stack(Profile.ROOT, builder.frame("", rootNames.get(i), "", 0, FrameKind.SYNTHETIC));
            }
            copySamples(profile, root, columns, builder);
        }
        return builder.build();
    }

    private static void copySamples(Profile profile, int root, int[] columns, ProfileBuilder builder) {
        int[] frames = new int[profile.frameCount()];
        for (int f = 0; f < frames.length; f++) frames[f] = builder.frame(profile, f);
        int[] stacks = new int[profile.stackCount()];
        for (int s = 0; s < stacks.length; s++) {
            int parent = profile.stackParent(s);
            stacks[s] = builder.stack(parent == Profile.ROOT ? root : stacks[parent], frames[profile.stackFrame(s)]);
        }
        int[] threads = new int[profile.threadCount()];
        for (int t = 0; t < threads.length; t++) threads[t] = builder.thread(profile.threadName(t), profile.threadId(t));
        long[] values = new long[columns.length];
        for (int s = 0; s < profile.sampleCount(); s++) {
            for (int v = 0; v < columns.length; v++) values[v] = profile.value(columns[v], s);
            int thread = profile.sampleThread(s);
            builder.sample(stacks[profile.sampleStack(s)], thread == Profile.NO_THREAD ? Profile.NO_THREAD : threads[thread],
                    profile.sampleState(s), profile.sampleTime(s), values);
        }
    }

    /** For each of the merged value types, its column in {@code profile}. */
    private static int[] valueColumns(List<ValueType> valueTypes, Profile profile, int index) {
        int[] columns = new int[valueTypes.size()];
        boolean same = profile.valueTypes().size() == valueTypes.size();
        for (int v = 0; v < columns.length && same; v++) {
            columns[v] = profile.valueTypeIndex(valueTypes.get(v).name());
            same = columns[v] >= 0 && profile.valueTypes().get(columns[v]).equals(valueTypes.get(v));
        }
        if (!same) {
            throw new IllegalArgumentException("cannot merge profiles with different values: profile " + (index + 1)
                    + " has " + profile.valueTypes() + ", profile 1 has " + valueTypes);
        }
        return columns;
    }

    private static Map<String, String> commonAttributes(List<Profile> profiles) {
        Map<String, String> common = new LinkedHashMap<>(profiles.get(0).attributes());
        for (Profile profile : profiles.subList(1, profiles.size())) {
            common.entrySet().removeIf(e -> !Objects.equals(e.getValue(), profile.attribute(e.getKey())));
        }
        return common;
    }
}
