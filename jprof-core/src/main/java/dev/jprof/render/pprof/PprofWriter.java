package dev.jprof.render.pprof;

import dev.jprof.model.Attributes;
import dev.jprof.model.Profile;
import dev.jprof.model.ThreadState;
import dev.jprof.model.Unit;
import dev.jprof.model.ValueType;
import dev.jprof.render.RenderOptions;
import dev.jprof.render.Renderer;

import java.io.IOException;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * pprof's profile.proto, gzipped, for {@code go tool pprof} and the tools built on it. One location
 * per frame, one function per method; samples with the same stack, thread and state are merged and
 * carry "thread" and "state" labels.
 */
public final class PprofWriter implements Renderer {
    // field numbers of perftools.profiles.Profile and its messages
    private static final int SAMPLE_TYPE = 1, SAMPLE = 2, LOCATION = 4, FUNCTION = 5, STRING_TABLE = 6;
    private static final int TIME_NANOS = 9, DURATION_NANOS = 10, PERIOD_TYPE = 11, PERIOD = 12, DEFAULT_SAMPLE_TYPE = 14;
    private static final int VALUE_TYPE_TYPE = 1, VALUE_TYPE_UNIT = 2;
    private static final int SAMPLE_LOCATION_ID = 1, SAMPLE_VALUE = 2, SAMPLE_LABEL = 3;
    private static final int LABEL_KEY = 1, LABEL_STR = 2, LABEL_NUM = 3;
    private static final int LOCATION_ID = 1, LOCATION_LINE = 4;
    private static final int LINE_FUNCTION_ID = 1, LINE_LINE = 2;
    private static final int FUNCTION_ID = 1, FUNCTION_NAME = 2, FUNCTION_SYSTEM_NAME = 3, FUNCTION_FILENAME = 4;

    private Map<String, Integer> strings;
    private ProtoMessage profileMessage;
    private List<String> table;

    private int string(String text) {
        String s = text == null ? "" : text;
        Integer id = strings.get(s);
        if (id == null) {
            id = table.size();
            table.add(s);
            strings.put(s, id);
        }
        return id;
    }

    private static String unit(Unit unit) {
        return switch (unit) {
            case NANOSECONDS -> "nanoseconds";
            case BYTES -> "bytes";
            case SAMPLES, CALLS -> "count";
        };
    }

    @Override
    public void render(Profile profile, RenderOptions options, OutputStream out) throws IOException {
        strings = new HashMap<>();
        table = new java.util.ArrayList<>();
        profileMessage = new ProtoMessage();
        string("");
        List<ValueType> types = profile.valueTypes();
        for (ValueType type : types) {
            profileMessage.message(SAMPLE_TYPE, new ProtoMessage()
                    .varint(VALUE_TYPE_TYPE, string(type.name())).varint(VALUE_TYPE_UNIT, string(unit(type.unit()))));
        }
        writeSamples(profile, types.size());
        writeLocationsAndFunctions(profile);

        String start = profile.attribute(Attributes.START_MILLIS);
        if (start != null && start.matches("\\d+")) profileMessage.varint(TIME_NANOS, Long.parseLong(start) * 1_000_000);
        String duration = profile.attribute(Attributes.DURATION_NANOS);
        if (duration != null && duration.matches("\\d+")) profileMessage.varint(DURATION_NANOS, Long.parseLong(duration));
        String interval = profile.attribute(Attributes.INTERVAL_NANOS);
        int timeType = firstOfUnit(types, Unit.NANOSECONDS);
        if (interval != null && interval.matches("\\d+") && timeType >= 0) {
            profileMessage.message(PERIOD_TYPE, new ProtoMessage().varint(VALUE_TYPE_TYPE, string(types.get(timeType).name()))
                    .varint(VALUE_TYPE_UNIT, string("nanoseconds")));
            profileMessage.varint(PERIOD, Long.parseLong(interval));
        }
        profileMessage.varint(DEFAULT_SAMPLE_TYPE, string(types.get(options.valueIndex(profile)).name()));
        for (String s : table) profileMessage.string(STRING_TABLE, s);

        // finish, not close: the caller's stream stays open
        GZIPOutputStream gzip = new GZIPOutputStream(out);
        gzip.write(profileMessage.toByteArray());
        gzip.finish();
        out.flush();
    }

    private static int firstOfUnit(List<ValueType> types, Unit unit) {
        for (int i = 0; i < types.size(); i++) if (types.get(i).unit() == unit) return i;
        return -1;
    }

    private record Key(int stack, int thread, ThreadState state) {
    }

    private void writeSamples(Profile profile, int valueCount) {
        Map<Key, long[]> merged = new java.util.LinkedHashMap<>();
        for (int s = 0; s < profile.sampleCount(); s++) {
            long[] values = merged.computeIfAbsent(new Key(profile.sampleStack(s), profile.sampleThread(s), profile.sampleState(s)),
                    k -> new long[valueCount]);
            for (int v = 0; v < valueCount; v++) values[v] += profile.value(v, s);
        }
        int threadKey = string("thread");
        int threadIdKey = string("thread id");
        int stateKey = string("state");
        long[] locations = new long[64];
        for (Map.Entry<Key, long[]> entry : merged.entrySet()) {
            Key key = entry.getKey();
            int depth = key.stack() == Profile.ROOT ? 0 : profile.stackDepth(key.stack());
            if (locations.length < depth) locations = new long[depth * 2];
            int n = 0;
            for (int stack = key.stack(); stack != Profile.ROOT; stack = profile.stackParent(stack)) {
                locations[n++] = profile.stackFrame(stack) + 1L;
            }
            ProtoMessage sample = new ProtoMessage().packed(SAMPLE_LOCATION_ID, locations, n)
                    .packed(SAMPLE_VALUE, entry.getValue(), valueCount);
            if (key.thread() != Profile.NO_THREAD) {
                sample.message(SAMPLE_LABEL, new ProtoMessage().varint(LABEL_KEY, threadKey)
                        .varint(LABEL_STR, string(profile.threadName(key.thread()))));
                sample.message(SAMPLE_LABEL, new ProtoMessage().varint(LABEL_KEY, threadIdKey)
                        .varint(LABEL_NUM, profile.threadId(key.thread())));
            }
            if (key.state() != null && key.state() != ThreadState.UNKNOWN) {
                sample.message(SAMPLE_LABEL, new ProtoMessage().varint(LABEL_KEY, stateKey)
                        .varint(LABEL_STR, string(key.state().name())));
            }
            profileMessage.message(SAMPLE, sample);
        }
    }

    private void writeLocationsAndFunctions(Profile profile) {
        Map<String, Integer> functionIds = new HashMap<>();
        ProtoMessage functions = new ProtoMessage();
        for (int frame = 0; frame < profile.frameCount(); frame++) {
            String name = profile.frameName(frame);
            String file = profile.frameFile(frame);
            String functionKey = name + '\u0000' + (file == null ? "" : file);
            Integer function = functionIds.get(functionKey);
            if (function == null) {
                function = functionIds.size() + 1;
                functionIds.put(functionKey, function);
                profileMessage.message(FUNCTION, new ProtoMessage().varint(FUNCTION_ID, function)
                        .varint(FUNCTION_NAME, string(name)).varint(FUNCTION_SYSTEM_NAME, string(name))
                        .varint(FUNCTION_FILENAME, string(file)));
            }
            profileMessage.message(LOCATION, new ProtoMessage().varint(LOCATION_ID, frame + 1L)
                    .message(LOCATION_LINE, new ProtoMessage().varint(LINE_FUNCTION_ID, function)
                            .varint(LINE_LINE, Math.max(0, profile.frameLine(frame)))));
        }
    }
}
