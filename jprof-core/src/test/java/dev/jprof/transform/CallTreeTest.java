package dev.jprof.transform;

import dev.jprof.fixture.ProfileFixture;
import dev.jprof.model.Profile;
import dev.jprof.model.ThreadState;
import dev.jprof.model.ValueType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CallTreeTest {
    private final Profile profile = new ProfileFixture(ValueType.SAMPLES, ValueType.CPU_TIME)
            .sample("t", ThreadState.RUNNABLE, "a.A.main;a.B.f;a.C.g", 3, 300)
            .sample("t", ThreadState.RUNNABLE, "a.A.main;a.B.f", 2, 200)
            .sample("t", ThreadState.RUNNABLE, "a.A.main;a.D.h", 5, 0)
            .sample("t", ThreadState.RUNNABLE, "x.Other.run", 1, 100)
            .build();

    @Test
    void totalsAndSelfPerNode() {
        CallTree tree = CallTree.of(profile, 0);
        CallTree.Node root = tree.root();
        assertThat(root.isRoot()).isTrue();
        assertThat(root.name()).isEqualTo("all");
        assertThat(root.frame()).isEqualTo(Profile.ROOT);
        assertThat(tree.total()).isEqualTo(11);
        assertThat(root.children()).extracting(CallTree.Node::name).containsExactly("a.A.main", "x.Other.run");

        CallTree.Node main = root.children().get(0);
        assertThat(main.total()).isEqualTo(10);
        assertThat(main.self()).isZero();
        assertThat(main.children()).extracting(CallTree.Node::name).containsExactly("a.B.f", "a.D.h");
        CallTree.Node f = main.children().get(0);
        assertThat(f.total()).isEqualTo(5);
        assertThat(f.self()).isEqualTo(2);
        assertThat(f.parent()).isSameAs(main);
        assertThat(f.children().get(0).self()).isEqualTo(3);
        // every value type is there too
        assertThat(main.total(1)).isEqualTo(500);
        assertThat(f.self(1)).isEqualTo(200);
    }

    @Test
    void nodesWithoutValueAreLeftOut() {
        CallTree cpu = CallTree.of(profile, 1);
        assertThat(cpu.total()).isEqualTo(600);
        CallTree.Node main = cpu.root().children().get(0);
        assertThat(main.children()).extracting(CallTree.Node::name).containsExactly("a.B.f");
    }

    @Test
    void rejectsAMissingValueType() {
        assertThatThrownBy(() -> CallTree.of(profile, 2)).isInstanceOf(IllegalArgumentException.class);
    }
}
