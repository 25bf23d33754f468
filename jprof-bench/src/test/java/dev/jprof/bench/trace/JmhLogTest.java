package dev.jprof.bench.trace;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JmhLogTest {
    /** Two runs as JMH 1.37 prints them (abridged), the second without its result lines. */
    static final String OUTPUT = """
            # JMH version: 1.37
            # VM invoker: /usr/lib/jvm/java-17-openjdk-amd64/bin/java
            # Benchmark: dev.jprof.bench.trace.TraceCallBench.call

            # Run progress: 0.00% complete, ETA 00:00:00
            # Fork: 1 of 1
            # Warmup Iteration   1: 0.711 ns/op
            Iteration   1: 1.004 ns/op
            Iteration   2: 0.659 ns/op
            Iteration   3: 0.613 ns/op

            Result "dev.jprof.bench.trace.TraceCallBench.call":
              0.759 ±(99.9%) 3.894 ns/op [Average]
              (min, avg, max) = (0.613, 0.759, 1.004), stdev = 0.214
            # VM invoker: /usr/lib/jvm/temurin-25-jdk-amd64/bin/java
            # Benchmark: dev.jprof.bench.trace.TraceCallBench.call
            # Fork: 1 of 1
            # Warmup Iteration   1: 1928.241 ns/op
            Iteration   1: 1879,5 ns/op
            Iteration  10: 12.163 ns/op
            """;

    @Test
    void readsEachRunsMeasuredIterationsWithoutTheWarmUp() {
        assertThat(JmhLog.iterations(OUTPUT)).containsExactly(List.of(1.004, 0.659, 0.613), List.of(1879.5, 12.163));
    }

    @Test
    void aRunThatFailedBeforeMeasuringHasNoIterations() {
        assertThat(JmhLog.iterations("# Benchmark: x\n<failure>\n# Benchmark: y\nIteration   1: 2.000 ns/op\n"))
                .containsExactly(List.of(), List.of(2.0));
    }

    @Test
    void addsTheMedianAndRangeOfEachRunAsALastColumn() {
        String table = "| variant | ns per call |\n|---|---|\n| no agent | 0.76 |\n| traced | 19.53 |\n";
        String out = JmhLog.withSpread(table, List.of(List.of(1.0, 3.0, 2.0), List.of()), "ns");
        assertThat(out).isEqualTo("| variant | ns per call | per iteration, median (min–max) |\n|---|---|---:|\n"
                + "| no agent | 0.76 | 2.00 (1.00–3.00) ns |\n| traced | 19.53 | – |\n");
    }

    @Test
    void leavesATableAloneWhenItsRowsDoNotMatchTheRuns() {
        String table = "| variant | ns per call |\n|---|---|\n| no agent | 0.76 |\n";
        assertThat(JmhLog.withSpread(table, List.of(List.of(1.0), List.of(2.0)), "ns")).isEqualTo(table);
    }
}
