package dev.jprof.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fills a {@link Profile}, interning strings, frames, stacks and threads so that memory grows with
 * distinct stacks, not with samples. Not thread-safe.
 */
public final class ProfileBuilder {
    private final List<ValueType> valueTypes;

    private final Map<String, Integer> stringIds = new HashMap<>();
    private final List<String> strings = new ArrayList<>();

    private final Map<FrameKey, Integer> frameIds = new HashMap<>();
    private final IntColumn frameClass = new IntColumn();
    private final IntColumn frameMethod = new IntColumn();
    private final IntColumn frameFile = new IntColumn();
    private final IntColumn frameLine = new IntColumn();
    private final IntColumn frameKind = new IntColumn();

    private final Map<Long, Integer> stackIds = new HashMap<>();
    private final IntColumn stackParent = new IntColumn();
    private final IntColumn stackFrame = new IntColumn();

    private final Map<ThreadKey, Integer> threadIds = new HashMap<>();
    private final List<String> threadNames = new ArrayList<>();
    private final LongColumn threadJavaIds = new LongColumn();

    private final IntColumn sampleStack = new IntColumn();
    private final IntColumn sampleThread = new IntColumn();
    private final IntColumn sampleState = new IntColumn();
    private final LongColumn sampleTime = new LongColumn();
    private final LongColumn[] values;

    private final Map<String, String> attributes = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();

    // map keys; their equals and hashCode are written out because a record's generated ones cost each JVM
    // milliseconds to link, and jprof's own JVM is short-lived
    private record FrameKey(int cls, int method, int file, int line, int kind) {
        @Override
        public boolean equals(Object o) {
            return o instanceof FrameKey k && cls == k.cls && method == k.method && file == k.file && line == k.line && kind == k.kind;
        }

        @Override
        public int hashCode() {
            return (((cls * 31 + method) * 31 + file) * 31 + line) * 31 + kind;
        }
    }

    private record ThreadKey(String name, long id) {
        @Override
        public boolean equals(Object o) {
            return o instanceof ThreadKey k && id == k.id && java.util.Objects.equals(name, k.name);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hashCode(name) * 31 + Long.hashCode(id);
        }
    }

    public ProfileBuilder(List<ValueType> valueTypes) {
        if (valueTypes.isEmpty()) throw new IllegalArgumentException("a profile needs at least one value type");
        this.valueTypes = List.copyOf(valueTypes);
        this.values = new LongColumn[valueTypes.size()];
        for (int i = 0; i < values.length; i++) values[i] = new LongColumn();
        string("");
    }

    public ProfileBuilder(ValueType... valueTypes) {
        this(List.of(valueTypes));
    }

    public List<ValueType> valueTypes() {
        return valueTypes;
    }

    public int string(String text) {
        Integer id = stringIds.get(text);
        if (id != null) return id;
        int next = strings.size();
        strings.add(text);
        stringIds.put(text, next);
        return next;
    }

    public int frame(String className, String method, String file, int line, FrameKind kind) {
        FrameKey key = new FrameKey(string(className == null ? "" : className), string(method),
                string(file == null ? "" : file), Math.max(line, 0), kind.ordinal());
        Integer id = frameIds.get(key);
        if (id != null) return id;
        int next = frameClass.size();
        frameClass.add(key.cls);
        frameMethod.add(key.method);
        frameFile.add(key.file);
        frameLine.add(key.line);
        frameKind.add(key.kind);
        frameIds.put(key, next);
        return next;
    }

    /** A frame copied from another profile. */
    public int frame(Profile from, int frame) {
        return frame(from.frameClass(frame), from.frameMethod(frame), from.frameFile(frame), from.frameLine(frame),
                from.frameKind(frame));
    }

    /** The stack node for {@code frame} called from {@code parent} ({@link Profile#ROOT} for a root frame). */
    public int stack(int parent, int frame) {
        if (parent < Profile.ROOT || parent >= stackParent.size()) throw new IllegalArgumentException("no stack " + parent);
        if (frame < 0 || frame >= frameClass.size()) throw new IllegalArgumentException("no frame " + frame);
        long key = ((long) (parent + 1) << 32) | frame;
        Integer id = stackIds.get(key);
        if (id != null) return id;
        int next = stackParent.size();
        stackParent.add(parent);
        stackFrame.add(frame);
        stackIds.put(key, next);
        return next;
    }

    /** The stack of these frames, root first; {@link Profile#ROOT} when empty. */
    public int path(int... framesRootFirst) {
        int stack = Profile.ROOT;
        for (int frame : framesRootFirst) stack = stack(stack, frame);
        return stack;
    }

    public int thread(String name, long id) {
        ThreadKey key = new ThreadKey(name == null ? "" : name, id);
        Integer existing = threadIds.get(key);
        if (existing != null) return existing;
        int next = threadNames.size();
        threadNames.add(key.name);
        threadJavaIds.add(id);
        threadIds.put(key, next);
        return next;
    }

    /**
     * Adds one observation. {@code stack} must not be {@link Profile#ROOT}; {@code thread} may be
     * {@link Profile#NO_THREAD} and {@code time} {@link Profile#NO_TIME}.
     */
    public ProfileBuilder sample(int stack, int thread, ThreadState state, long time, long... sampleValues) {
        if (stack < 0 || stack >= stackParent.size()) throw new IllegalArgumentException("no stack " + stack);
        if (thread < Profile.NO_THREAD || thread >= threadNames.size()) throw new IllegalArgumentException("no thread " + thread);
        if (sampleValues.length != values.length) {
            throw new IllegalArgumentException("expected " + values.length + " values, got " + sampleValues.length);
        }
        sampleStack.add(stack);
        sampleThread.add(thread);
        sampleState.add(state.ordinal());
        sampleTime.add(time);
        for (int i = 0; i < values.length; i++) values[i].add(sampleValues[i]);
        return this;
    }

    /**
     * Makes room for {@code count} more samples at once: a builder that knows how many samples come
     * neither regrows its columns nor copies them in {@link #build}.
     */
    public ProfileBuilder reserveSamples(int count) {
        int total = sampleStack.size() + Math.max(0, count);
        sampleStack.reserve(total);
        sampleThread.reserve(total);
        sampleState.reserve(total);
        sampleTime.reserve(total);
        for (LongColumn column : values) column.reserve(total);
        return this;
    }

    public ProfileBuilder attribute(String key, String value) {
        if (value != null) attributes.put(key, value);
        return this;
    }

    public ProfileBuilder attributes(Map<String, String> all) {
        attributes.putAll(all);
        return this;
    }

    public ProfileBuilder warning(String message) {
        if (!warnings.contains(message)) warnings.add(message);
        return this;
    }

    public int sampleCount() {
        return sampleStack.size();
    }

    public Profile build() {
        byte[] kinds = new byte[frameKind.size()];
        for (int i = 0; i < kinds.length; i++) kinds[i] = (byte) frameKind.get(i);
        byte[] states = new byte[sampleState.size()];
        for (int i = 0; i < states.length; i++) states[i] = (byte) sampleState.get(i);
        long[][] valueArrays = new long[values.length][];
        for (int i = 0; i < values.length; i++) valueArrays[i] = values[i].toArray();
        return new Profile(strings.toArray(new String[0]), frameClass.toArray(), frameMethod.toArray(),
                frameFile.toArray(), frameLine.toArray(), kinds, stackParent.toArray(), stackFrame.toArray(),
                threadNames.toArray(new String[0]), threadJavaIds.toArray(), sampleStack.toArray(),
                sampleThread.toArray(), states, sampleTime.toArray(), valueArrays, valueTypes, attributes, warnings);
    }

    private static final class IntColumn {
        private int[] data = new int[16];
        private int size;

        void add(int value) {
            if (size == data.length) data = Arrays.copyOf(data, size * 2);
            data[size++] = value;
        }

        int get(int index) {
            return data[index];
        }

        int size() {
            return size;
        }

        void reserve(int capacity) {
            if (capacity > data.length) data = Arrays.copyOf(data, capacity);
        }

        /** The values; the column's own array when it is full (a later add copies it, so the result never changes). */
        int[] toArray() {
            return data.length == size ? data : Arrays.copyOf(data, size);
        }
    }

    private static final class LongColumn {
        private long[] data = new long[16];
        private int size;

        void add(long value) {
            if (size == data.length) data = Arrays.copyOf(data, size * 2);
            data[size++] = value;
        }

        void reserve(int capacity) {
            if (capacity > data.length) data = Arrays.copyOf(data, capacity);
        }

        long[] toArray() {
            return data.length == size ? data : Arrays.copyOf(data, size);
        }
    }
}
