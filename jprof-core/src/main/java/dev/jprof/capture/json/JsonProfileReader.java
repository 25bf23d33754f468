package dev.jprof.capture.json;

import dev.jprof.capture.ProfileFormatException;
import dev.jprof.model.FrameKind;
import dev.jprof.model.Profile;
import dev.jprof.model.ProfileBuilder;
import dev.jprof.model.ThreadState;
import dev.jprof.model.Unit;
import dev.jprof.model.ValueType;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads the jprof JSON format (docs/json-format.md) that {@code dev.jprof.render.json.JsonWriter} writes. */
public final class JsonProfileReader {
    static final String FORMAT = "jprof";
    static final int VERSION = 1;

    private final String source;

    private JsonProfileReader(String source) {
        this.source = source;
    }

    public static Profile read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new NoSuchFileException(file.toString(), null, "no such file");
        return read(Files.readAllBytes(file), file.toString());
    }

    /** @param source name of the input for error messages */
    public static Profile read(InputStream in, String source) throws IOException {
        return read(in.readAllBytes(), source);
    }

    public static Profile read(String json, String source) throws ProfileFormatException {
        return new JsonProfileReader(source).profile(JsonParser.parse(json, source));
    }

    private static Profile read(byte[] bytes, String source) throws ProfileFormatException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ProfileFormatException(source + ": not a jprof JSON profile (not UTF-8 text)");
        }
        return read(text, source);
    }

    private Profile profile(Object json) throws ProfileFormatException {
        if (!(json instanceof Map) || !FORMAT.equals(((Map<?, ?>) json).get("format"))) {
            throw new ProfileFormatException(source + ": not a jprof JSON profile (no \"format\": \"jprof\")");
        }
        Map<?, ?> root = (Map<?, ?>) json;
        long version = number(root.get("version"), "version");
        if (version > VERSION) {
            throw new ProfileFormatException(source + ": jprof JSON version " + version
                    + " is newer than this jprof reads (" + VERSION + "); update jprof");
        }

        List<ValueType> valueTypes = new ArrayList<>();
        for (Object entry : list(root.get("valueTypes"), "valueTypes")) {
            Map<?, ?> type = map(entry, "valueTypes[]");
            valueTypes.add(new ValueType(string(type.get("name"), "valueTypes[].name"), unit(type.get("unit"))));
        }
        if (valueTypes.isEmpty()) throw new ProfileFormatException(source + ": valueTypes is empty");
        ProfileBuilder builder = new ProfileBuilder(valueTypes);

        for (Map.Entry<?, ?> attribute : map(orElse(root.get("attributes"), Map.of()), "attributes").entrySet()) {
            builder.attribute((String) attribute.getKey(), string(attribute.getValue(), "attributes." + attribute.getKey()));
        }
        for (Object warning : list(orElse(root.get("warnings"), List.of()), "warnings")) {
            builder.warning(string(warning, "warnings[]"));
        }

        List<?> frameList = list(root.get("frames"), "frames");
        int[] frames = new int[frameList.size()];
        for (int f = 0; f < frames.length; f++) {
            Map<?, ?> frame = map(frameList.get(f), "frames[" + f + "]");
            frames[f] = builder.frame(optionalString(frame.get("class"), "frames[" + f + "].class"),
                    string(frame.get("method"), "frames[" + f + "].method"),
                    optionalString(frame.get("file"), "frames[" + f + "].file"),
                    (int) Math.max(0, optionalNumber(frame.get("line"), "frames[" + f + "].line")),
                    kind(frame.get("kind")));
        }

        Map<?, ?> stackTable = map(root.get("stacks"), "stacks");
        long[] parents = longs(stackTable.get("parent"), "stacks.parent");
        long[] stackFrames = longs(stackTable.get("frame"), "stacks.frame");
        sameLength(parents, stackFrames, "stacks.parent", "stacks.frame");
        int[] stacks = new int[parents.length];
        for (int s = 0; s < stacks.length; s++) {
            long parent = parents[s];
            if (parent != Profile.ROOT && (parent < 0 || parent >= s)) {
                throw new ProfileFormatException(source + ": stacks.parent[" + s + "] = " + parent
                        + " is not an earlier stack (or -1)");
            }
            int frame = index(stackFrames[s], frames.length, "stacks.frame[" + s + "]", "frames");
            stacks[s] = builder.stack(parent == Profile.ROOT ? Profile.ROOT : stacks[(int) parent], frames[frame]);
        }

        List<?> threadList = list(orElse(root.get("threads"), List.of()), "threads");
        int[] threads = new int[threadList.size()];
        for (int t = 0; t < threads.length; t++) {
            Map<?, ?> thread = map(threadList.get(t), "threads[" + t + "]");
            threads[t] = builder.thread(optionalString(thread.get("name"), "threads[" + t + "].name"),
                    optionalNumber(thread.get("id"), "threads[" + t + "].id"));
        }

        List<ThreadState> states = new ArrayList<>();
        Object stateNames = root.get("states");
        if (stateNames == null) {
            states.addAll(List.of(ThreadState.values()));
        } else {
            for (Object name : list(stateNames, "states")) states.add(state(string(name, "states[]")));
        }

        Map<?, ?> samples = map(root.get("samples"), "samples");
        long[] sampleStacks = longs(samples.get("stack"), "samples.stack");
        int count = sampleStacks.length;
        long[] sampleThreads = optionalLongs(samples.get("thread"), "samples.thread", count, Profile.NO_THREAD);
        long[] sampleStates = optionalLongs(samples.get("state"), "samples.state", count, -1);
        long[] sampleTimes = optionalLongs(samples.get("time"), "samples.time", count, Profile.NO_TIME);
        List<?> valueColumns = list(samples.get("values"), "samples.values");
        if (valueColumns.size() != valueTypes.size()) {
            throw new ProfileFormatException(source + ": samples.values has " + valueColumns.size()
                    + " columns but there are " + valueTypes.size() + " value types");
        }
        long[][] values = new long[valueTypes.size()][];
        for (int v = 0; v < values.length; v++) {
            values[v] = longs(valueColumns.get(v), "samples.values[" + v + "]");
            sameLength(sampleStacks, values[v], "samples.stack", "samples.values[" + v + "]");
        }

        long[] sampleValues = new long[values.length];
        for (int s = 0; s < count; s++) {
            int stack = index(sampleStacks[s], stacks.length, "samples.stack[" + s + "]", "stacks");
            int thread = sampleThreads[s] == Profile.NO_THREAD ? Profile.NO_THREAD
                    : threads[index(sampleThreads[s], threads.length, "samples.thread[" + s + "]", "threads")];
            ThreadState state = sampleStates[s] == -1 ? ThreadState.UNKNOWN
                    : states.get(index(sampleStates[s], states.size(), "samples.state[" + s + "]", "states"));
            for (int v = 0; v < values.length; v++) sampleValues[v] = values[v][s];
            builder.sample(stacks[stack], thread, state, sampleTimes[s], sampleValues);
        }
        return builder.build();
    }

    private static Object orElse(Object value, Object absent) {
        return value == null ? absent : value;
    }

    private Unit unit(Object name) throws ProfileFormatException {
        String text = string(name, "valueTypes[].unit");
        for (Unit unit : Unit.values()) {
            if (unit.name().equalsIgnoreCase(text) || unit.symbol().equals(text)) return unit;
        }
        throw new ProfileFormatException(source + ": unknown unit '" + text + "' (expected samples, nanoseconds, bytes or calls)");
    }

    private FrameKind kind(Object name) throws ProfileFormatException {
        if (name == null) return FrameKind.UNKNOWN;
        String text = string(name, "frames[].kind").toUpperCase(Locale.ROOT);
        for (FrameKind kind : FrameKind.values()) {
            if (kind.name().equals(text)) return kind;
        }
        return FrameKind.UNKNOWN;
    }

    private static ThreadState state(String name) {
        String text = name.toUpperCase(Locale.ROOT);
        for (ThreadState state : ThreadState.values()) {
            if (state.name().equals(text)) return state;
        }
        return ThreadState.UNKNOWN;
    }

    private int index(long value, int size, String where, String table) throws ProfileFormatException {
        if (value < 0 || value >= size) {
            throw new ProfileFormatException(source + ": " + where + " = " + value + " is not in " + table
                    + " (which has " + size + ")");
        }
        return (int) value;
    }

    private void sameLength(long[] a, long[] b, String aName, String bName) throws ProfileFormatException {
        if (a.length != b.length) {
            throw new ProfileFormatException(source + ": " + aName + " has " + a.length + " entries but " + bName
                    + " has " + b.length);
        }
    }

    private Map<?, ?> map(Object value, String where) throws ProfileFormatException {
        if (value instanceof Map) return (Map<?, ?>) value;
        throw missing(value, where, "an object");
    }

    private List<?> list(Object value, String where) throws ProfileFormatException {
        if (value instanceof List) return (List<?>) value;
        if (value instanceof long[]) {
            List<Object> list = new ArrayList<>();
            for (long number : (long[]) value) list.add(number);
            return list;
        }
        throw missing(value, where, "an array");
    }

    private long[] longs(Object value, String where) throws ProfileFormatException {
        if (value instanceof long[]) return (long[]) value;
        if (value instanceof List && ((List<?>) value).isEmpty()) return new long[0];
        throw missing(value, where, "an array of integers");
    }

    private long[] optionalLongs(Object value, String where, int size, long absent) throws ProfileFormatException {
        long[] array;
        if (value == null) {
            array = new long[size];
            Arrays.fill(array, absent);
            return array;
        }
        array = longs(value, where);
        if (array.length != size) {
            throw new ProfileFormatException(source + ": " + where + " has " + array.length + " entries but samples.stack has " + size);
        }
        return array;
    }

    private String string(Object value, String where) throws ProfileFormatException {
        if (value instanceof String) return (String) value;
        throw missing(value, where, "a string");
    }

    private String optionalString(Object value, String where) throws ProfileFormatException {
        return value == null ? "" : string(value, where);
    }

    private long number(Object value, String where) throws ProfileFormatException {
        if (value instanceof Long) return (Long) value;
        throw missing(value, where, "an integer");
    }

    private long optionalNumber(Object value, String where) throws ProfileFormatException {
        return value == null ? 0 : number(value, where);
    }

    private ProfileFormatException missing(Object value, String where, String expected) {
        return new ProfileFormatException(source + ": " + where
                + (value == null ? " is missing (expected " + expected + ")" : " is not " + expected));
    }
}
