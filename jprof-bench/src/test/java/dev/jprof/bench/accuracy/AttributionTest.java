package dev.jprof.bench.accuracy;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AttributionTest {
    private static final String SCOPE = "dev.jprof.testapps.SafepointBias.work";

    @Test
    void deepestMatchingFrameWinsAndStacksOutsideTheScopeAreLeftOut() {
        List<StackSample> samples = StackSample.parseCollapsed("""
                [w];dev.jprof.testapps.SafepointBias.work;dev.jprof.testapps.SafepointBias.hotLoop 90
                [w];dev/jprof/testapps/SafepointBias.work;dev/jprof/testapps/SafepointBias.cheapCall_[j] 6
                [w];dev.jprof.testapps.SafepointBias.work 4
                [main];dev.jprof.testapps.SafepointBias.reportTruth;dev.jprof.testapps.SafepointBias.hotLoop 50
                """, true);
        Attribution a = Attribution.byDeepestFrame(samples, List.of("hotLoop", "cheapCall"), SCOPE);
        assertThat(a.weights()).containsEntry("hotLoop", 90.0).containsEntry("cheapCall", 6.0).containsEntry(Attribution.OTHER, 4.0);
        assertThat(a.outside()).isEqualTo(50);
        assertThat(a.inside()).isEqualTo(100);
        assertThat(a.shares()).containsEntry("hotLoop", 0.9);
    }

    @Test
    void theDeepestOfNestedCategoriesCounts() {
        List<StackSample> samples = StackSample.parseCollapsed("main;X.compute;X.pause;Thread.sleep 7\nmain;X.compute 3\n", false);
        Attribution a = Attribution.byDeepestFrame(samples, List.of("compute", "pause"), null);
        assertThat(a.weights()).containsEntry("pause", 7.0).containsEntry("compute", 3.0).doesNotContainKey(Attribution.OTHER);
    }

    @Test
    void withoutScopeUnmatchedStacksAreOutside() {
        List<StackSample> samples = StackSample.parseCollapsed("main;X.alpha 2\nmain;X.unrelated 5\n", false);
        Attribution a = Attribution.byDeepestFrame(samples, List.of("alpha"), null);
        assertThat(a.weights()).containsExactlyEntriesOf(java.util.Map.of("alpha", 2.0));
        assertThat(a.outside()).isEqualTo(5);
    }

    @Test
    void byThreadCountsTheNamedThreadsOnly() {
        List<StackSample> samples = StackSample.parseCollapsed("""
                [busy-00 tid=1];A.spin 3
                [busy-01];A.spin 1
                [C2 CompilerThread0];x 9
                """, true);
        Attribution a = Attribution.byThread(samples, List.of("busy-00", "busy-01", "busy-02"));
        assertThat(a.weights()).containsEntry("busy-00", 3.0).containsEntry("busy-01", 1.0).containsEntry("busy-02", 0.0);
        assertThat(a.outside()).isEqualTo(9);
        assertThat(AccuracyBench.shares(a.shares())).isEqualTo("busy-00 75.0%, busy-01 25.0%, busy-02 0.0%");
    }
}
