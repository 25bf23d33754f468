package dev.jprof.top;

import dev.jprof.top.SampleCounts.Tally;
import dev.jprof.top.StackSample.Frame;
import dev.jprof.top.TopTable.Granularity;
import dev.jprof.top.TopTable.Row;
import dev.jprof.top.TopTable.Sort;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TopTableTest {
    private static final Frame MAIN = new Frame("app.Main", "main", 10);
    private static final Frame LOOP_A = new Frame("app.Main", "loop", 20);
    private static final Frame LOOP_B = new Frame("app.Main", "loop", 21);
    private static final Frame FIB = new Frame("app.Math", "fib", 5);

    private static SampleCounts counts(Object... threadStackTimes) {
        SampleCounts counts = new SampleCounts();
        for (int i = 0; i < threadStackTimes.length; i += 3) {
            @SuppressWarnings("unchecked")
            List<Frame> leafFirst = (List<Frame>) threadStackTimes[i + 1];
            int times = (Integer) threadStackTimes[i + 2];
            for (int k = 0; k < times; k++) counts.add(new StackSample((String) threadStackTimes[i], leafFirst), 10_000_000, k * 10_000_000L);
        }
        return counts;
    }

    private static Row row(List<Row> rows, String method) {
        return rows.stream().filter(r -> r.method().equals(method)).findFirst().orElseThrow();
    }

    @Test
    void ownIsTheLeafAndTotalCountsARecursiveMethodOncePerSample() {
        SampleCounts counts = counts(
                "t1", List.of(FIB, FIB, FIB, LOOP_A, MAIN), 3,
                "t1", List.of(LOOP_B, MAIN), 1);
        List<Row> rows = TopTable.rows(counts.total(), Map.of(), new Granularity(false, false), Sort.OWN_SHARE);

        assertThat(rows.get(0).method()).isEqualTo("app.Math.fib");
        assertThat(row(rows, "app.Math.fib").ownNanos()).isEqualTo(30_000_000);
        assertThat(row(rows, "app.Math.fib").totalNanos()).isEqualTo(30_000_000);
        assertThat(row(rows, "app.Math.fib").totalShare()).isCloseTo(75, within(1e-9));
        assertThat(row(rows, "app.Main.loop").ownShare()).isCloseTo(25, within(1e-9));
        assertThat(row(rows, "app.Main.loop").totalShare()).isCloseTo(100, within(1e-9));
        assertThat(row(rows, "app.Main.loop").line()).as("its most sampled line").isEqualTo(20);
        assertThat(row(rows, "app.Main.main").ownNanos()).isZero();
    }

    @Test
    void lineGranularitySplitsAMethodByLine() {
        SampleCounts counts = counts("t1", List.of(LOOP_A, MAIN), 1, "t1", List.of(LOOP_B, MAIN), 3);
        List<Row> rows = TopTable.rows(counts.total(), Map.of(), new Granularity(true, false), Sort.OWN_TIME);

        assertThat(rows).extracting(r -> r.method() + ":" + r.line()).startsWith("app.Main.loop:21", "app.Main.loop:20");
        assertThat(rows.get(0).ownShare()).isCloseTo(75, within(1e-9));
    }

    @Test
    void perThreadRowsKeepThreadsApartAndSharesComeFromTheRecentSamples() {
        SampleCounts counts = counts("t1", List.of(LOOP_A, MAIN), 9, "t2", List.of(LOOP_A, MAIN), 1);
        Map<StackSample, Tally> total = counts.total();
        counts.takeWindow();
        counts.add(new StackSample("t2", List.of(LOOP_A, MAIN)), 10_000_000, 0);
        Map<StackSample, Tally> recent = counts.takeWindow();

        List<Row> rows = TopTable.rows(total, recent, new Granularity(false, true), Sort.OWN_SHARE);
        Row t2 = rows.get(0);
        assertThat(t2.thread()).isEqualTo("t2");
        assertThat(t2.ownShare()).as("all of the recent samples").isCloseTo(100, within(1e-9));
        Row t1 = rows.stream().filter(r -> r.thread().equals("t1") && r.method().equals("app.Main.loop")).findFirst().orElseThrow();
        assertThat(t1.ownShare()).isZero();
        assertThat(t1.ownNanos()).as("times add up since the reset").isEqualTo(90_000_000);

        List<Row> byTime = TopTable.rows(total, recent, new Granularity(false, true), Sort.OWN_TIME);
        assertThat(byTime.get(0).thread()).isEqualTo("t1");
    }

    @Test
    void theAchievedRateIsOverTheTimeTheSamplesSpanAndResetForgetsEverything() {
        SampleCounts counts = counts("t1", List.of(MAIN), 5);
        assertThat(counts.sampledSeconds()).isCloseTo(0.04, within(1e-9));
        assertThat(counts.samplesPerSecond()).isCloseTo(100, within(1e-6));
        counts.reset();
        assertThat(counts.samples()).isZero();
        assertThat(TopTable.rows(counts.total(), counts.takeWindow(), new Granularity(false, false), Sort.OWN_SHARE)).isEmpty();
    }
}
