package dev.jprof.render.pprof;

import dev.jprof.fixture.ProfileFixture;
import dev.jprof.model.Attributes;
import dev.jprof.model.Profile;
import dev.jprof.model.ThreadState;
import dev.jprof.model.ValueType;
import dev.jprof.render.RenderOptions;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Decodes the written protobuf by its wire format and checks it against profile.proto's meaning. */
class PprofWriterTest {
    /** A decoded message: field number to its values (Long for varints, byte[] for length-delimited). */
    private static Map<Integer, List<Object>> decode(byte[] bytes) {
        Map<Integer, List<Object>> fields = new HashMap<>();
        ByteBuffer in = ByteBuffer.wrap(bytes);
        while (in.hasRemaining()) {
            long key = varint(in);
            int field = (int) (key >>> 3);
            int wire = (int) (key & 7);
            Object value;
            if (wire == 0) {
                value = varint(in);
            } else if (wire == 2) {
                byte[] data = new byte[(int) varint(in)];
                in.get(data);
                value = data;
            } else {
                throw new AssertionError("unexpected wire type " + wire);
            }
            fields.computeIfAbsent(field, k -> new ArrayList<>()).add(value);
        }
        return fields;
    }

    private static long varint(ByteBuffer in) {
        long result = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = in.get();
            result |= (long) (b & 0x7f) << shift;
            if (b >= 0) return result;
        }
    }

    private static long[] packed(byte[] data) {
        ByteBuffer in = ByteBuffer.wrap(data);
        List<Long> values = new ArrayList<>();
        while (in.hasRemaining()) values.add(varint(in));
        return values.stream().mapToLong(Long::longValue).toArray();
    }

    private static long number(Map<Integer, List<Object>> message, int field) {
        List<Object> values = message.get(field);
        return values == null ? 0 : (Long) values.get(0);
    }

    @Test
    void writesAGzippedProfileProtoThatSaysWhatTheProfileSays() throws Exception {
        Profile profile = new ProfileFixture(ValueType.SAMPLES, ValueType.CPU_TIME)
                .sample("main", ThreadState.RUNNABLE, "app.Main.main;app.Main.work", 3, 30_000_000)
                .sample("main", ThreadState.RUNNABLE, "app.Main.main;app.Main.work", 2, 20_000_000)
                .sample("io", ThreadState.WAITING, "app.Main.main;app.Io.read", 1, 10_000_000)
                .attribute(Attributes.INTERVAL_NANOS, "10000000")
                .build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new PprofWriter().render(profile, RenderOptions.defaults().withValue("cpu"), out);
        byte[] raw = new GZIPInputStream(new ByteArrayInputStream(out.toByteArray())).readAllBytes();
        Map<Integer, List<Object>> message = decode(raw);

        List<String> strings = new ArrayList<>();
        for (Object s : message.get(6)) strings.add(new String((byte[]) s, StandardCharsets.UTF_8));
        assertThat(strings.get(0)).isEmpty();

        List<String> sampleTypes = new ArrayList<>();
        for (Object t : message.get(1)) {
            Map<Integer, List<Object>> type = decode((byte[]) t);
            sampleTypes.add(strings.get((int) number(type, 1)) + "/" + strings.get((int) number(type, 2)));
        }
        assertThat(sampleTypes).containsExactly("samples/count", "cpu/nanoseconds");
        assertThat(strings.get((int) number(message, 14))).isEqualTo("cpu");
        assertThat(number(message, 12)).isEqualTo(10_000_000L);

        Map<Long, String> functionNames = new HashMap<>();
        for (Object f : message.get(5)) {
            Map<Integer, List<Object>> function = decode((byte[]) f);
            functionNames.put(number(function, 1), strings.get((int) number(function, 2)));
        }
        Map<Long, String> locationNames = new HashMap<>();
        for (Object l : message.get(4)) {
            Map<Integer, List<Object>> location = decode((byte[]) l);
            Map<Integer, List<Object>> line = decode((byte[]) location.get(4).get(0));
            locationNames.put(number(location, 1), functionNames.get(number(line, 1)));
        }

        Map<String, Long> cpuByStack = new HashMap<>();
        Map<String, String> threadByStack = new HashMap<>();
        for (Object s : message.get(2)) {
            Map<Integer, List<Object>> sample = decode((byte[]) s);
            List<String> leafFirst = new ArrayList<>();
            for (long id : packed((byte[]) sample.get(1).get(0))) leafFirst.add(locationNames.get(id));
            long[] values = packed((byte[]) sample.get(2).get(0));
            String stack = String.join(";", leafFirst);
            cpuByStack.merge(stack, values[1], Long::sum);
            for (Object l : sample.get(3)) {
                Map<Integer, List<Object>> label = decode((byte[]) l);
                if (strings.get((int) number(label, 1)).equals("thread")) threadByStack.put(stack, strings.get((int) number(label, 2)));
            }
        }
        assertThat(cpuByStack).containsExactlyInAnyOrderEntriesOf(Map.of(
                "app.Main.work;app.Main.main", 50_000_000L,
                "app.Io.read;app.Main.main", 10_000_000L));
        assertThat(threadByStack).containsEntry("app.Io.read;app.Main.main", "io");
        assertThat(message.get(2)).as("samples with one stack, thread and state are merged").hasSize(2);
    }
}
