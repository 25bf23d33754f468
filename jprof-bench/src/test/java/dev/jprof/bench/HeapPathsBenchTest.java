package dev.jprof.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HeapPathsBenchTest {
    @Test
    void readsTheDumpAndTheReadFromJprofsStderr() {
        String stderr = """
                $ java -Xmx2g -jar jprof.jar heap paths --pid 42 --type Session --keep heap.hprof
                jprof: dumping the heap of JVM 42: it runs a full GC and pauses while the heap is written
                jprof: dumped 1,250,123,456 bytes in 4.4 s (kept: heap.hprof)
                jprof: read heap.hprof: 20,464,957 objects, 20,512,121 references, 2,225 classes in 19.4 s
                jprof: wrote first.dot (dot)
                """;
        HeapPathsBench.Said said = HeapPathsBench.Said.parse(stderr);
        assertThat(said).isEqualTo(new HeapPathsBench.Said(1_250_123_456L, 4.4, 20_464_957, 20_512_121, 2_225, 19.4));
    }

    @Test
    void aFileRunHasNoDump() {
        HeapPathsBench.Said said = HeapPathsBench.Said.parse("jprof: read /tmp/h.hprof: 12 objects, 3 references, 1 classes in 0.1 s\n");
        assertThat(said.dumpBytes()).isEqualTo(-1);
        assertThat(said.dumpSeconds()).isNaN();
        assertThat(said.objects()).isEqualTo(12);
        assertThat(said.readSeconds()).isEqualTo(0.1);
    }

    @Test
    void refusesOutputWithoutTheReadLine() {
        assertThatThrownBy(() -> HeapPathsBench.Said.parse("jprof: error: no such pid\n")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no such pid");
    }
}
