package dev.jprof.render;

import dev.jprof.fixture.ProfileFixture;
import dev.jprof.model.Profile;
import dev.jprof.model.Unit;
import dev.jprof.model.ValueType;
import dev.jprof.model.ThreadState;
import dev.jprof.render.html.FlameGraphWriter;
import dev.jprof.render.json.JsonWriter;
import dev.jprof.render.text.CollapsedWriter;
import dev.jprof.render.text.TableWriter;
import dev.jprof.render.text.TreeWriter;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FormatTest {
    @Test
    void parsesNamesCaseInsensitively() {
        assertThat(Format.parse("html")).isEqualTo(Format.HTML);
        assertThat(Format.parse(" Collapsed ")).isEqualTo(Format.COLLAPSED);
        assertThat(Format.parse("folded")).isEqualTo(Format.COLLAPSED);
        assertThat(Format.parse("flamegraph")).isEqualTo(Format.HTML);
        assertThat(Format.parse("TREE")).isEqualTo(Format.TREE);
        for (Format format : Format.values()) assertThat(Format.parse(format.label())).isEqualTo(format);
    }

    @Test
    void unknownNameListsTheValidOnes() {
        assertThatThrownBy(() -> Format.parse("svg"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown format 'svg' (expected html, collapsed, jfr, table, tree, json, pprof or speedscope)");
    }

    @Test
    void formatFromFileExtension() {
        assertThat(Format.fromFileName("out.html")).contains(Format.HTML);
        assertThat(Format.fromFileName("OUT.HTM")).contains(Format.HTML);
        assertThat(Format.fromFileName("a.b.collapsed")).contains(Format.COLLAPSED);
        assertThat(Format.fromFileName("x.folded")).contains(Format.COLLAPSED);
        assertThat(Format.fromFileName("rec.jfr")).contains(Format.JFR);
        assertThat(Format.fromFileName("p.json")).contains(Format.JSON);
        assertThat(Format.fromFileName("p.txt")).contains(Format.TABLE);
        assertThat(Format.fromFileName("p.tree")).contains(Format.TREE);
        assertThat(Format.fromFileName("profile")).isEqualTo(Optional.empty());
        assertThat(Format.fromFileName("profile.svg")).isEmpty();
        for (Format format : Format.values()) assertThat(Format.fromFileName("f." + format.extension())).contains(format);
    }

    @Test
    void renderersPerFormat() {
        assertThat(Renderer.forFormat(Format.HTML)).isInstanceOf(FlameGraphWriter.class);
        assertThat(Renderer.forFormat(Format.COLLAPSED)).isInstanceOf(CollapsedWriter.class);
        assertThat(Renderer.forFormat(Format.TABLE)).isInstanceOf(TableWriter.class);
        assertThat(Renderer.forFormat(Format.TREE)).isInstanceOf(TreeWriter.class);
        assertThat(Renderer.forFormat(Format.JSON)).isInstanceOf(JsonWriter.class);
        assertThatThrownBy(() -> Renderer.forFormat(Format.JFR))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("jfr output is the raw recording");
    }

    @Test
    void optionsResolveTitleAndValue() {
        Profile profile = new ProfileFixture(ValueType.CPU_TIME, ValueType.SAMPLES, new ValueType("alloc", Unit.BYTES))
                .sample("t", ThreadState.RUNNABLE, "a.B.c", 1, 2, 3).attribute("title", "from the profile").build();
        RenderOptions options = RenderOptions.defaults();
        assertThat(options.titleFor(profile)).isEqualTo("from the profile");
        assertThat(options.withTitle("mine").titleFor(profile)).isEqualTo("mine");
        assertThat(options.titleFor(ProfileFixture.samples().sample("a.B.c", 1).build())).isEqualTo("jprof");
        assertThat(options.valueIndex(profile)).isEqualTo(1);
        assertThat(options.withValue("alloc").valueIndex(profile)).isEqualTo(2);
        Profile cpuOnly = new ProfileFixture(ValueType.WALL_TIME, ValueType.CPU_TIME).sample("t", ThreadState.RUNNABLE, "a.B.c", 1, 2).build();
        assertThat(options.valueIndex(cpuOnly)).isZero();
        assertThatThrownBy(() -> options.withValue("lock").valueIndex(profile))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the profile has no value 'lock' (it has cpu, samples, alloc)");
    }

    @Test
    void optionDefaultsAndChecks() {
        RenderOptions options = RenderOptions.defaults();
        assertThat(options.sort()).isEqualTo(RenderOptions.Sort.SELF);
        assertThat(options.top()).isZero();
        assertThat(options.minPercent()).isEqualTo(0.5);
        assertThat(options.showAll()).isFalse();
        assertThat(new RenderOptions(null, null, null, 0, false, 1).sort()).isEqualTo(RenderOptions.Sort.SELF);
        assertThatThrownBy(() -> options.withTop(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> options.withMinPercent(101)).isInstanceOf(IllegalArgumentException.class);
    }
}
