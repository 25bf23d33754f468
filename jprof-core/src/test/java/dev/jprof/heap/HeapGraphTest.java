package dev.jprof.heap;

import com.sun.management.HotSpotDiagnosticMXBean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

class HeapGraphTest {
    @TempDir
    Path dir;

    /** Held through a static map, the way leaks usually are. */
    static final Map<String, List<Marker>> REGISTRY = new HashMap<>();
    /** Only weakly reachable: must not be found through this field. */
    static WeakReference<WeakOnly> weak;
    static WeakOnly strongElsewhere;

    static final class Marker {
        final int n;

        Marker(int n) {
            this.n = n;
        }
    }

    static final class WeakOnly {
    }

    /** In its own method, so that no local variable of the test holds the markers. */
    private static void fillRegistry() {
        List<Marker> markers = new ArrayList<>();
        for (int i = 0; i < 7; i++) markers.add(new Marker(i));
        REGISTRY.put("markers", markers);
    }

    @Test
    void chainsInARealDumpOfThisJvmNameTheStaticFieldAndSkipWeakReferences() throws Exception {
        fillRegistry();
        WeakOnly weakly = new WeakOnly();
        weak = new WeakReference<>(weakly);
        Path dump = dir.resolve("self.hprof");
        try {
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpHeap(dump.toString(), true);
        } finally {
            REGISTRY.clear();
        }
        try (HeapGraph graph = HeapGraph.read(dump)) {
            assertThat(graph.objectCount()).isGreaterThan(1000);
            ReferenceChains.Result result = ReferenceChains.find(graph, "HeapGraphTest$Marker", 3);
            assertThat(result.instances()).isEqualTo(7);
            assertThat(result.reachable()).isEqualTo(7);
            assertThat(result.chains()).hasSize(1);
            ReferenceChains.Chain chain = result.chains().get(0);
            assertThat(chain.objects()).isEqualTo(7);
            assertThat(chain.text()).startsWith("class dev.jprof.heap.HeapGraphTest.REGISTRY -> java.util.HashMap.table")
                    .contains("java.util.HashMap$Node.value -> java.util.ArrayList.elementData -> java.lang.Object[] [")
                    .endsWith("dev.jprof.heap.HeapGraphTest$Marker");

            // the local variable keeps it alive (a Java frame root); the WeakReference's referent is not a strong chain
            ReferenceChains.Result weakResult = ReferenceChains.find(graph, "dev.jprof.heap.HeapGraphTest$WeakOnly", 5);
            assertThat(weakResult.chains()).allSatisfy(c -> assertThat(c.text()).doesNotContain("referent"));
        }
        assertThat(weakly).isNotNull();
    }

    @Test
    void aSmallDumpAndEveryTruncationOfIt() throws Exception {
        byte[] dump = SmallDump.bytes();
        Path file = dir.resolve("small.hprof");
        Files.write(file, dump);
        try (HeapGraph graph = HeapGraph.read(file)) {
            assertThat(graph.objectCount()).isEqualTo(8); // 4 class objects, the array, 2 items, the thread
            ReferenceChains.Result result = ReferenceChains.find(graph, "Item", 5);
            assertThat(result.instances()).isEqualTo(2);
            assertThat(result.chains()).extracting(ReferenceChains.Chain::text).containsExactly(
                    "java.lang.Thread.target -> app.Item",
                    "class app.Holder.items -> app.Item[] [1] -> app.Item");
            assertThat(result.chains().get(0).root()).isEqualTo("thread");
            assertThat(result.chains().get(1).root()).isEqualTo("system class");
        }
        for (int cut = 0; cut < dump.length; cut++) {
            Path part = dir.resolve("cut.hprof");
            Files.write(part, Arrays.copyOf(dump, cut));
            try (HeapGraph ignored = HeapGraph.read(part)) {
                // a cut at a record boundary is a smaller, valid dump
            } catch (HeapDumpFormatException e) {
                assertThat(e.getMessage()).startsWith(part + ": ").doesNotContain("\n");
            } catch (Exception e) {
                fail("cut at " + cut + " of " + dump.length + " threw " + e);
            }
        }
    }

    @Test
    void everyFlippedByteReadsOrFailsWithOneLine() throws Exception {
        byte[] dump = SmallDump.bytes();
        Path part = dir.resolve("flipped.hprof");
        for (int at = 0; at < dump.length; at++) {
            byte[] copy = dump.clone();
            copy[at] ^= (byte) 0xA5;
            Files.write(part, copy);
            try (HeapGraph graph = HeapGraph.read(part)) {
                ReferenceChains.find(graph, "Item", 5);
            } catch (HeapDumpFormatException e) {
                assertThat(e.getMessage()).startsWith(part + ": ").doesNotContain("\n");
            } catch (Exception e) {
                fail("flipping byte " + at + " of " + dump.length + " threw " + e);
            }
        }
    }

    @Test
    void notADump() throws Exception {
        Path file = dir.resolve("text.hprof");
        Files.writeString(file, "hello");
        assertThatThrownBy(() -> HeapGraph.read(file)).isInstanceOf(HeapDumpFormatException.class)
                .hasMessage(file + ": not an HPROF heap dump");
    }

    /** A hand-made HPROF file: class Holder with static items -> Item[] {null, item1}; a thread whose target is item2. */
    static final class SmallDump {
        static byte[] bytes() throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            DataOutputStream data = new DataOutputStream(out);
            data.write("JAVA PROFILE 1.0.2\0".getBytes(StandardCharsets.ISO_8859_1));
            data.writeInt(8);
            data.writeLong(0);
            String[] names = {"app/Holder", "app/Item", "[Lapp/Item;", "java/lang/Thread", "items", "next", "value", "target"};
            for (int i = 0; i < names.length; i++) {
                byte[] text = names[i].getBytes(StandardCharsets.UTF_8);
                record(data, 0x01, 8 + text.length);
                data.writeLong(100 + i);
                data.write(text);
            }
            long[] classIds = {1, 2, 3, 4};
            for (int i = 0; i < classIds.length; i++) {
                record(data, 0x02, 4 + 8 + 4 + 8);
                data.writeInt(i + 1);
                data.writeLong(classIds[i]);
                data.writeInt(0);
                data.writeLong(100 + i);
            }
            ByteArrayOutputStream segment = new ByteArrayOutputStream();
            DataOutputStream s = new DataOutputStream(segment);
            s.writeByte(0x05); // sticky class Holder
            s.writeLong(1);
            s.writeByte(0x08); // thread object
            s.writeLong(50);
            s.writeInt(1);
            s.writeInt(0);
            classDump(s, 1, new long[]{104}, new long[]{30}, new long[0], new int[0]);
            classDump(s, 2, new long[0], new long[0], new long[]{105, 106}, new int[]{2, 10});
            classDump(s, 3, new long[0], new long[0], new long[0], new int[0]);
            classDump(s, 4, new long[0], new long[0], new long[]{107}, new int[]{2});
            s.writeByte(0x22); // Item[] {null, item 40}
            s.writeLong(30);
            s.writeInt(0);
            s.writeInt(2);
            s.writeLong(3);
            s.writeLong(0);
            s.writeLong(40);
            instance(s, 40, 2, 0, 7);
            instance(s, 41, 2, 40, 8);
            s.writeByte(0x21); // the thread, target = item 41
            s.writeLong(50);
            s.writeInt(0);
            s.writeLong(4);
            s.writeInt(8);
            s.writeLong(41);
            byte[] body = segment.toByteArray();
            record(data, 0x1C, body.length);
            data.write(body);
            record(data, 0x2C, 0);
            return out.toByteArray();
        }

        private static void record(DataOutputStream data, int tag, int length) throws IOException {
            data.writeByte(tag);
            data.writeInt(0);
            data.writeInt(length);
        }

        private static void classDump(DataOutputStream s, long id, long[] staticNames, long[] staticValues,
                                      long[] fieldNames, int[] fieldTypes) throws IOException {
            s.writeByte(0x20);
            s.writeLong(id);
            s.writeInt(0);
            s.writeLong(0); // super
            for (int i = 0; i < 5; i++) s.writeLong(0);
            s.writeInt(0);
            s.writeShort(0);
            s.writeShort(staticNames.length);
            for (int i = 0; i < staticNames.length; i++) {
                s.writeLong(staticNames[i]);
                s.writeByte(2);
                s.writeLong(staticValues[i]);
            }
            s.writeShort(fieldNames.length);
            for (int i = 0; i < fieldNames.length; i++) {
                s.writeLong(fieldNames[i]);
                s.writeByte(fieldTypes[i]);
            }
        }

        /** An Item: next (reference), value (int). */
        private static void instance(DataOutputStream s, long id, long classId, long next, int value) throws IOException {
            s.writeByte(0x21);
            s.writeLong(id);
            s.writeInt(0);
            s.writeLong(classId);
            s.writeInt(12);
            s.writeLong(next);
            s.writeInt(value);
        }
    }
}
