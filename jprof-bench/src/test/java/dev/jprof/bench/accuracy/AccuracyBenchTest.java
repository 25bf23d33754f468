package dev.jprof.bench.accuracy;

import dev.jprof.bench.AsyncProfiler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AccuracyBenchTest {
    @Test
    void everyProgramAt10msAndNativeMixAlsoAt1ms(@TempDir Path dir) throws Exception {
        AccuracyBench bench = prepared(dir, true);
        assertThat(bench.cases()).extracting(AccuracyBench.Case::id)
                .containsExactly("CpuSplit", "NativeMix", "NativeMix@1ms", "SleepSplit", "ManyThreads", "SafepointBias");
        assertThat(prepared(dir.resolve("no-1ms"), false).cases()).extracting(AccuracyBench.Case::id).doesNotContain("NativeMix@1ms");
    }

    @Test
    void jprofRunsWithEachEngineAndThe1msRowsAskForIt(@TempDir Path dir) throws Exception {
        AccuracyBench bench = prepared(dir, true);
        AccuracyBench.Case oneMs = bench.cases().stream().filter(c -> c.id().equals("NativeMix@1ms")).findFirst().orElseThrow();
        AccuracyBench.Case tenMs = bench.cases().stream().filter(c -> c.id().equals("NativeMix")).findFirst().orElseThrow();
        assertThat(String.join(" ", bench.command(tenMs, AccuracyBench.Peer.JPROF_ASYNC, Path.of("RUN"))))
                .contains("record --engine async --value cpu --threads -o RUN/out.collapsed --")
                .endsWith("dev.jprof.testapps.NativeMix 4 0");
        assertThat(String.join(" ", bench.command(oneMs, AccuracyBench.Peer.JPROF_JFR, Path.of("RUN"))))
                .contains("record --engine jfr --interval 1ms --value cpu");
        assertThat(String.join(" ", bench.command(oneMs, AccuracyBench.Peer.JFR, Path.of("RUN")))).contains("execution-samples-1ms.jfc");
        assertThat(bench.command(oneMs, AccuracyBench.Peer.NAIVE, Path.of("RUN"))).containsSequence("cpu", "1");
        assertThat(bench.commands()).contains("- NativeMix at 1ms:").contains("jprof record --engine jfr: `");
    }

    @Test
    void unmeasuredRowsStillShowInTheTables(@TempDir Path dir) throws Exception {
        String tables = prepared(dir, true).tables();
        assertThat(tables).contains("| **NativeMix** (cpu, 1 ms) |").contains("jprof record --engine async").contains("not measured");
    }

    private static AccuracyBench prepared(Path dir, boolean oneMillisecond) throws Exception {
        Files.createDirectories(dir);
        Path jar = Files.createFile(dir.resolve("jprof.jar"));
        AccuracyBench bench = new AccuracyBench(new AccuracyBench.Config("java", dir.resolve("classes"), dir.resolve("tests.jar"), jar,
                new AsyncProfiler(dir.resolve("no-ap.jar")), dir.resolve("work"), 1, 4, 60, oneMillisecond));
        bench.prepare();
        return bench;
    }
}
