package dev.jprof.bench.accuracy;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StackSampleTest {
    @Test
    void jprofCollapsedWithThreadRoots() {
        List<StackSample> s = StackSample.parseCollapsed("""
                [cpusplit-0];java.lang.Thread.run;dev.jprof.testapps.CpuSplit.run;dev.jprof.testapps.CpuSplit.alpha 11
                [Notification Thread];[running, no stack sampled] 66890
                """, true);
        assertThat(s).containsExactly(
                new StackSample("cpusplit-0", List.of("java.lang.Thread.run", "dev.jprof.testapps.CpuSplit.run",
                        "dev.jprof.testapps.CpuSplit.alpha"), 11),
                new StackSample("Notification Thread", List.of("[running, no stack sampled]"), 66890));
    }

    @Test
    void asyncProfilerCollapsedWithThreadIdsAndAnnotations() {
        List<StackSample> s = StackSample.parseCollapsed(
                "[busy-07 tid=30742];java/lang/Thread.run;dev/jprof/testapps/ManyThreads.spin_[j] 14\n"
                        + "[tid=30913];clone3;start_thread 1\n", true);
        assertThat(s.get(0).thread()).isEqualTo("busy-07");
        assertThat(s.get(0).weight()).isEqualTo(14);
        assertThat(StackSample.methodName(s.get(0).frames().get(1))).isEqualTo("spin");
        assertThat(StackSample.qualifiedName(s.get(0).frames().get(1))).isEqualTo("dev.jprof.testapps.ManyThreads.spin");
        assertThat(s.get(1).thread()).isEmpty();
    }

    @Test
    void withoutThreadRootsTheFirstFrameIsAFrame() {
        List<StackSample> s = StackSample.parseCollapsed("[main];Main.run 3", false);
        assertThat(s.get(0).thread()).isNull();
        assertThat(s.get(0).frames()).containsExactly("[main]", "Main.run");
    }

    @Test
    void aLineWithoutCountIsAnError() {
        assertThatThrownBy(() -> StackSample.parseCollapsed("a;b 1\na;b;c\n", true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 2");
    }

    @Test
    void methodNamesWithoutClassSignatureOrAnnotation() {
        assertThat(StackSample.methodName("dev.jprof.testapps.SafepointBias.hotLoop(long)")).isEqualTo("hotLoop");
        assertThat(StackSample.methodName("dev/jprof/testapps/SafepointBias.cheapCall_[i]")).isEqualTo("cheapCall");
        assertThat(StackSample.methodName("Thread::sleep")).isEqualTo("Thread::sleep");
    }
}
