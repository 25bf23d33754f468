package dev.jprof.transform;

import dev.jprof.fixture.ProfileFixture;
import dev.jprof.model.Profile;
import dev.jprof.model.ThreadState;
import dev.jprof.model.ValueType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MethodTableTest {
    @Test
    void recursionCountsOnceInTotal() {
        Profile profile = ProfileFixture.samples()
                .sample("a.Main.main;a.Tree.walk;a.Tree.walk;a.Tree.walk;a.Tree.visit", 10)
                .sample("a.Main.main;a.Tree.walk", 4)
                .build();
        MethodTable table = MethodTable.of(profile);
        assertThat(row(table, "a.Tree.walk").total(0)).isEqualTo(14);
        assertThat(row(table, "a.Tree.walk").self(0)).isEqualTo(4);
        assertThat(row(table, "a.Main.main").total(0)).isEqualTo(14);
        assertThat(row(table, "a.Main.main").self(0)).isZero();
        assertThat(row(table, "a.Tree.visit").self(0)).isEqualTo(10);
        assertThat(row(table, "a.Tree.visit").total(0)).isEqualTo(10);
    }

    @Test
    void mutualRecursionCountsOnceToo() {
        Profile profile = ProfileFixture.samples().sample("a.X.even;a.X.odd;a.X.even;a.X.odd;a.X.even", 7).build();
        MethodTable table = MethodTable.of(profile);
        assertThat(row(table, "a.X.even").total(0)).isEqualTo(7);
        assertThat(row(table, "a.X.odd").total(0)).isEqualTo(7);
        assertThat(row(table, "a.X.even").self(0)).isEqualTo(7);
    }

    @Test
    void framesOfOneMethodInDifferentKindsShareARowButLinesSplitRows() {
        Profile profile = ProfileFixture.samples()
                .sample("a.Main.main;a.Foo.bar#interpreted", 1)
                .sample("a.Main.main;a.Foo.bar#compiled", 2)
                .sample("a.Main.main:7;a.Foo.bar:42", 4)
                .build();
        MethodTable table = MethodTable.of(profile);
        assertThat(table.rows()).extracting(MethodTable.Row::name)
                .containsExactly("a.Main.main", "a.Foo.bar", "a.Main.main", "a.Foo.bar");
        assertThat(table.rows().get(1).self(0)).isEqualTo(3);
        assertThat(profile.frameLine(table.rows().get(3).frame())).isEqualTo(42);
        assertThat(table.rows().get(3).self(0)).isEqualTo(4);
    }

    @Test
    void everyValueTypeAndTheThreeOrders() {
        Profile profile = new ProfileFixture(ValueType.SAMPLES, ValueType.CPU_TIME)
                .sample("t", ThreadState.RUNNABLE, "m.A.a;m.B.b", 5, 50)
                .sample("t", ThreadState.RUNNABLE, "m.A.a;m.C.c", 3, 300)
                .sample("t", ThreadState.RUNNABLE, "m.A.a", 1, 10)
                .build();
        MethodTable table = MethodTable.of(profile);
        assertThat(row(table, "m.C.c").self(1)).isEqualTo(300);
        assertThat(row(table, "m.A.a").total(1)).isEqualTo(360);
        assertThat(names(table.sortedBySelf(0))).containsExactly("m.B.b", "m.C.c", "m.A.a");
        assertThat(names(table.sortedBySelf(1))).containsExactly("m.C.c", "m.B.b", "m.A.a");
        assertThat(names(table.sortedByTotal(0))).containsExactly("m.A.a", "m.B.b", "m.C.c");
        assertThat(names(table.sortedByName())).containsExactly("m.A.a", "m.B.b", "m.C.c");
    }

    private static List<String> names(List<MethodTable.Row> rows) {
        return rows.stream().map(MethodTable.Row::name).toList();
    }

    private static MethodTable.Row row(MethodTable table, String name) {
        List<MethodTable.Row> rows = table.rows().stream().filter(r -> r.name().equals(name)).toList();
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }
}
