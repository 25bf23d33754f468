package dev.jprof.transform;

import dev.jprof.fixture.ProfileFixture;
import dev.jprof.model.FrameKind;
import dev.jprof.model.Profile;
import dev.jprof.model.ThreadState;
import dev.jprof.model.Unit;
import dev.jprof.model.ValueType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.jprof.fixture.ProfileFixture.collapsed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProfilesTest {
    private final Profile first = new ProfileFixture(ValueType.SAMPLES, ValueType.CPU_TIME)
            .sample("main", ThreadState.RUNNABLE, "a.Main.main;a.Work.run", 3, 30)
            .attribute("mode", "cpu").attribute("target", "java -jar a.jar")
            .warning("w1")
            .build();
    private final Profile second = new ProfileFixture(ValueType.CPU_TIME, ValueType.SAMPLES)
            .sample("main", ThreadState.RUNNABLE, "a.Main.main;a.Work.run", 70, 7)
            .attribute("mode", "cpu").attribute("target", "java -jar b.jar")
            .warning("w2")
            .build();

    @Test
    void eachInputGetsItsOwnSyntheticRoot() {
        Profile merged = Profiles.mergeWithRoots(List.of(first, second), List.of("[pid 4242]", "[pid 4243]"));
        assertThat(collapsed(merged)).isEqualTo("""
                [pid 4242];a.Main.main;a.Work.run 3
                [pid 4243];a.Main.main;a.Work.run 7
                """);
        assertThat(merged.valueTypes()).containsExactly(ValueType.SAMPLES, ValueType.CPU_TIME);
        assertThat(merged.total(1)).isEqualTo(100);
        assertThat(merged.frameKind(merged.stackFrames(merged.sampleStack(0))[0])).isEqualTo(FrameKind.SYNTHETIC);
        assertThat(merged.threadName(merged.sampleThread(1))).isEqualTo("main");
        assertThat(merged.attributes()).containsExactly(java.util.Map.entry("mode", "cpu"));
        assertThat(merged.warnings()).containsExactly("w1", "w2");
    }

    @Test
    void plainMergeAddsStacksUp() {
        assertThat(collapsed(Profiles.merge(List.of(first, second)))).isEqualTo("a.Main.main;a.Work.run 10\n");
    }

    @Test
    void valueTypesMustMatchByName() {
        Profile wall = new ProfileFixture(ValueType.SAMPLES, ValueType.WALL_TIME)
                .sample("main", ThreadState.RUNNABLE, "a.Main.main", 1, 1).build();
        assertThatThrownBy(() -> Profiles.mergeWithRoots(List.of(first, wall), List.of("[a]", "[b]")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot merge profiles with different values: profile 2 has [samples[samples], wall[ns]],"
                        + " profile 1 has [samples[samples], cpu[ns]]");
        Profile bytes = new ProfileFixture(new ValueType("samples", Unit.BYTES), ValueType.CPU_TIME)
                .sample("main", ThreadState.RUNNABLE, "a.Main.main", 1, 1).build();
        assertThatThrownBy(() -> Profiles.merge(List.of(first, bytes))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Profiles.mergeWithRoots(List.of(first), List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
