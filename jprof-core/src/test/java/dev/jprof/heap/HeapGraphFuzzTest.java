package dev.jprof.heap;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.jprof.fixture.FormatErrors;
import dev.jprof.fixture.ScratchFile;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Jazzer: {@code heap paths} on a file (read the dump, then find the reference chains of a type) either works or
 * ends with one HeapDumpFormatException. Seed: a dump {@code jcmd PID GC.heap_dump} took of a small program,
 * trimmed to a few classes (with their superclasses), a few instances each, and the roots and strings they use.
 */
class HeapGraphFuzzTest {
    private static final ScratchFile FILE = ScratchFile.named("fuzz.hprof");

    @FuzzTest(maxDuration = "10s")
    void paths(byte[] data) throws IOException {
        Path file = FILE.write(data);
        FormatErrors.expectOnly(HeapDumpFormatException.class, file.toString(), data.length, () -> {
            try (HeapGraph graph = HeapGraph.read(file)) {
                if (graph.objectCount() > 0) ReferenceChains.find(graph, graph.typeName(graph.objectCount() - 1), 3);
                ReferenceChains.find(graph, "java.lang.Thread", 3);
            }
        });
    }
}
