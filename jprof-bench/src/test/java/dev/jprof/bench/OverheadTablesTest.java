package dev.jprof.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OverheadTablesTest {
    @Test
    void spreadIsMedianWithMinAndMaxOfTheSuccessfulRuns() {
        assertThat(OverheadBench.spread(List.of(10.0, Double.NaN, 12.0, 11.0))).isEqualTo("11.00 (10.00–12.00)");
    }

    @Test
    void pairedColumnShowsMedianAndRangeOfPerRoundRatiosWhenRoundsAreFew() {
        List<Double> baseline = List.of(10.0, 10.0, 10.0);
        List<Double> variant = List.of(10.5, 11.0, 12.0);
        assertThat(OverheadBench.paired(variant, baseline)).isEqualTo("1.100× (1.050×–1.200×)");
        assertThat(OverheadBench.percent(variant, baseline)).isEqualTo("+10.0%");
        assertThat(OverheadBench.ratio(variant, baseline)).isEqualTo("1.100×");
    }

    @Test
    void pairedColumnShowsA95PercentIntervalOnceThereAreEnoughRounds() {
        List<Double> baseline = new java.util.ArrayList<>();
        List<Double> variant = new java.util.ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            baseline.add(10.0);
            variant.add(10.0 + i / 10.0);
        }
        // ratios 1.01 .. 1.12; median 1.065; 95% interval x(3)..x(10)
        assertThat(OverheadBench.paired(variant, baseline)).isEqualTo("1.065× (1.030×–1.100×)");
    }

    @Test
    void jprofIsComparedWithEachPeerAtItsOwnInterval() {
        assertThat(OverheadBench.oneMillisecond("jprof-cpu-1ms")).isTrue();
        assertThat(OverheadBench.oneMillisecond("jfr-exec-1ms")).isTrue();
        assertThat(OverheadBench.oneMillisecond("jfr-exec10")).isFalse();
        assertThat(OverheadBench.oneMillisecond("async-profiler")).isFalse();
    }

    @Test
    void againstPeersPairsEachJprofVariantWithTheMeasuredPeersOfItsInterval(@TempDir Path dir) throws Exception {
        OverheadBench bench = preparedH2Bench(dir, 6);
        for (OverheadBench.Variant v : bench.variants()) {
            if (v.id().startsWith("async-profiler")) continue;
            double cpu = v.id().startsWith("jprof-") ? 11.0 : 10.0;
            for (int r = 0; r < 6; r++) bench.samples().get(v.id()).add(new OverheadBench.Sample(5.0, cpu + r * 0.01, 1, 1, 0, null));
        }
        List<List<String>> rows = bench.againstPeers();
        assertThat(rows).extracting(row -> row.get(0) + " | " + row.get(1)).containsExactly(
                "jprof record --engine async (cpu, 10 ms; what auto picks here) | JFR, settings=default",
                "jprof record --engine async (cpu, 10 ms; what auto picks here) | JFR, settings=profile",
                "jprof record --engine async (cpu, 10 ms; what auto picks here) | JFR, execution samples only, 10 ms",
                "jprof record --engine jfr (cpu, 10 ms) | JFR, settings=default",
                "jprof record --engine jfr (cpu, 10 ms) | JFR, settings=profile",
                "jprof record --engine jfr (cpu, 10 ms) | JFR, execution samples only, 10 ms",
                "jprof record --engine async --mode wall (10 ms) | JFR, settings=default",
                "jprof record --engine async --mode wall (10 ms) | JFR, settings=profile",
                "jprof record --engine async --mode wall (10 ms) | JFR, execution samples only, 10 ms",
                "jprof record --engine async --interval 1ms (cpu) | JFR, execution samples only, 1 ms",
                "jprof record --engine jfr --interval 1ms (cpu) | JFR, execution samples only, 1 ms",
                "jprof record --engine async --mode wall --interval 1ms | JFR, execution samples only, 1 ms");
        assertThat(rows.get(0).get(2)).startsWith("1.100× (");
        assertThat(rows.get(0).get(3)).isEqualTo("1.000× (1.000×–1.000×)");
    }

    @Test
    void optionsQuickAndOverrides() {
        BenchMain.Options o = BenchMain.Options.parse(new String[]{"--quick", "--rounds", "3", "--repo", "/x"});
        assertThat(o.quick).isTrue();
        assertThat(o.rounds).isEqualTo(3);
        assertThat(o.iterations).isEqualTo(1);
        assertThat(o.steadyIterations).isEqualTo(1);
        assertThat(o.given).containsExactly("--quick", "--rounds", "3");
    }

    @Test
    void fullRunDefaultsLeaveWarmUpIterationsOutOfTheSteadyState() {
        BenchMain.Options o = BenchMain.Options.parse(new String[0]);
        assertThat(o.rounds).isEqualTo(5);
        assertThat(o.steadyIterations).isLessThan(o.iterations);
        assertThat(o.oneMillisecond).isTrue();
    }

    @Test
    void quickRunLeavesThe1msVariantsOutUnlessAsked() {
        assertThat(BenchMain.Options.parse(new String[]{"--quick"}).oneMillisecond).isFalse();
        assertThat(BenchMain.Options.parse(new String[]{"--quick", "--1ms", "yes"}).oneMillisecond).isTrue();
        assertThat(BenchMain.Options.parse(new String[]{"--only", "accuracy"}).only).isEqualTo("accuracy");
    }

    @Test
    void oneMillisecondVariantsJoinTheRotation(@TempDir Path dir) throws Exception {
        OverheadBench bench = preparedH2Bench(dir, 2);
        List<String> ids = bench.variants().stream().map(OverheadBench.Variant::id).toList();
        assertThat(ids).containsExactly("baseline", "jfr-default", "jfr-profile", "jfr-exec10", "async-profiler",
                "jprof-async", "jprof-jfr", "jprof-async-wall",
                "jfr-exec-1ms", "async-profiler-1ms", "jprof-async-1ms", "jprof-jfr-1ms", "jprof-async-wall-1ms");
        assertThat(bench.commands())
                .contains("java -cp jprof-bench/target/classes:h2.jar dev.jprof.bench.workload.H2Driver 3 --orders 1000 --times RUN/times.txt")
                .contains("jprof.jar record --engine async -o RUN/out.jfr --")
                .contains("jprof.jar record --engine jfr -o RUN/out.jfr --")
                .contains("jprof.jar record --engine async --mode wall --interval 1ms -o RUN/out.jfr --")
                .contains("settings=execution-samples-1ms.jfc");
    }

    @Test
    void javacWorkloadCommandKeepsItsArgumentOrder(@TempDir Path dir) {
        Workload javac = Workload.javac(dir.resolve("classes"), dir.resolve("src"));
        assertThat(javac.shorten(String.join(" ", javac.command(Path.of("RUN"), 4))))
                .isEqualTo("-cp jprof-bench/target/classes dev.jprof.bench.workload.JavacDriver SRC RUN/javac-out 4 --times RUN/times.txt");
    }

    @Test
    void rotatedOrderStartsEachRoundOneVariantFurther(@TempDir Path dir) throws Exception {
        OverheadBench bench = new OverheadBench(new OverheadBench.Config("java", 7, 0, 0, null, dir, dir.resolve("no.jar"),
                new AsyncProfiler(dir.resolve("no-ap.jar")), dir.resolve("work"), 60, new Quiet.Gate(0.15, 0, 0, 2), true, 0.5, false));
        bench.prepare();
        List<String> ids = bench.variants().stream().map(OverheadBench.Variant::id).toList();
        // the start-up benchmark's variants: the eight of the overhead tables, jprof writing HTML, jprof without its
        // class-data archive, and what each engine loads into the profiled JVM alone
        assertThat(ids).hasSize(12).startsWith("baseline").contains("jprof-async", "jprof-jfr")
                .endsWith("jprof-async-html", "jprof-async-nocds", "jprof-async-agent", "jprof-jfr-agent");
        assertThat(bench.order(1).stream().map(OverheadBench.Variant::id)).containsExactlyElementsOf(ids);
        assertThat(bench.order(2).get(0).id()).isEqualTo(ids.get(1));
        assertThat(bench.order(2).get(ids.size() - 1).id()).isEqualTo("baseline");
        assertThat(bench.order(ids.size() + 1).stream().map(OverheadBench.Variant::id)).containsExactlyElementsOf(ids);
    }

    @Test
    void unavailablePeersStayInTheTableWithTheirReason(@TempDir Path dir) throws Exception {
        OverheadBench bench = new OverheadBench(new OverheadBench.Config("java", 1, 0, 0, null, dir, dir.resolve("no.jar"),
                new AsyncProfiler(dir.resolve("no-ap.jar")), dir.resolve("work"), 60, new Quiet.Gate(0.15, 0, 0, 2), false, 0.5, false));
        bench.prepare();
        OverheadBench.Variant ap = bench.variants().stream().filter(v -> v.id().equals("async-profiler")).findFirst().orElseThrow();
        assertThat(ap.unavailable()).isNotNull();
        assertThat(bench.commands()).contains("cannot run here");
    }

    @Test
    void fixedOrderAndStartupRounds() {
        BenchMain.Options o = BenchMain.Options.parse(new String[]{"--order", "fixed", "--startup-rounds", "4", "--only", "startup"});
        assertThat(o.fixedOrder).isTrue();
        assertThat(o.startupRounds).isEqualTo(4);
        assertThat(o.only).isEqualTo("startup");
    }

    /** The H2 overhead bench with the 1 ms variants, prepared; async-profiler is missing, so unavailable. */
    private static OverheadBench preparedH2Bench(Path dir, int rounds) throws Exception {
        Path classes = dir.resolve("classes");
        Path jprofJar = java.nio.file.Files.createFile(dir.resolve("jprof.jar"));
        OverheadBench bench = new OverheadBench(new OverheadBench.Config("java", rounds, 3, 2, Workload.h2(classes, dir.resolve("h2.jar"), 1000),
                classes, jprofJar, new AsyncProfiler(dir.resolve("no-ap.jar")), dir.resolve("work"), 60,
                new Quiet.Gate(0.15, 0, 0, 2), true, 0, true));
        bench.prepare();
        return bench;
    }
}
