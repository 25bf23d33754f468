package dev.jprof.transform;

import dev.jprof.fixture.ProfileFixture;
import dev.jprof.model.Profile;
import dev.jprof.model.ThreadState;
import dev.jprof.model.Unit;
import dev.jprof.model.ValueType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DiffTest {
    @Test
    void baselineAndCurrentColumnsOverOneTree() {
        Profile before = new ProfileFixture(ValueType.SAMPLES, ValueType.CPU_TIME)
                .sample("t", ThreadState.RUNNABLE, 1_000, "app.Main.main;app.Foo.slow", 8, 80)
                .sample("t", ThreadState.RUNNABLE, 2_000, "app.Main.main;app.Foo.fast", 2, 20)
                .attribute("mode", "cpu").build();
        Profile after = new ProfileFixture(ValueType.SAMPLES, ValueType.CPU_TIME)
                .sample("t", ThreadState.RUNNABLE, 5_000, "app.Main.main;app.Foo.slow", 3, 30)
                .sample("u", ThreadState.RUNNABLE, 6_000, "app.Main.main;app.Foo.added", 4, 40)
                .attribute("mode", "cpu").build();

        Profile diff = Diff.of(before, after, "cpu");

        assertThat(diff.valueTypes()).containsExactly(new ValueType("baseline", Unit.NANOSECONDS), new ValueType("current", Unit.NANOSECONDS));
        assertThat(diff.total(0)).isEqualTo(100);
        assertThat(diff.total(1)).isEqualTo(70);
        assertThat(diff.attribute("mode")).isEqualTo("cpu");
        assertThat(diff.hasTimes()).isFalse();
        // app.Foo.slow from both profiles is one stack
        assertThat(diff.stackCount()).isEqualTo(4);
        CallTree tree = CallTree.of(diff, 1);
        assertThat(tree.total()).isEqualTo(70);
        assertThat(diff.threadCount()).isEqualTo(2);
        assertThat(Diff.of(before, after, null).total(0)).isEqualTo(10);
    }

    @Test
    void valueMissingOrInAnotherUnitIsNamed() {
        Profile samples = new ProfileFixture(ValueType.SAMPLES).sample("a.B.c", 1).build();
        Profile bytes = new ProfileFixture(new ValueType("samples", Unit.BYTES)).sample("a.B.c", 1).build();
        assertThatThrownBy(() -> Diff.of(samples, samples, "cpu")).hasMessage("the baseline profile has no value 'cpu' (it has samples)");
        assertThatThrownBy(() -> Diff.of(samples, bytes, null)).hasMessage("value 'samples' counts samples in the baseline but bytes in the current profile");
        assertThat(List.of(Diff.BASELINE, Diff.CURRENT)).containsExactly("baseline", "current");
    }
}
