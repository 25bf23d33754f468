package dev.jprof.render.text;

import dev.jprof.fixture.ProfileFixture;
import dev.jprof.model.FrameKind;
import dev.jprof.model.Profile;
import dev.jprof.model.ProfileBuilder;
import dev.jprof.model.ThreadState;
import dev.jprof.model.ValueType;
import dev.jprof.render.RenderOptions;
import dev.jprof.transform.View;
import org.junit.jupiter.api.Test;

import static dev.jprof.fixture.ProfileFixture.render;
import static org.assertj.core.api.Assertions.assertThat;

class CollapsedWriterTest {
    private final CollapsedWriter writer = new CollapsedWriter();

    @Test
    void oneSortedLinePerDistinctStackRootFirst() {
        Profile profile = new ProfileFixture(ValueType.SAMPLES, ValueType.CPU_TIME)
                .sample("t1", ThreadState.RUNNABLE, "z.Main.main;z.Main.work", 2, 20)
                .sample("t2", ThreadState.RUNNABLE, "z.Main.main;z.Main.work", 3, 30)
                .sample("t1", ThreadState.RUNNABLE, "a.First.run", 1, 0)
                .sample("t1", ThreadState.RUNNABLE, "z.Main.main", 4, 40)
                .build();
        assertThat(render(writer, profile, RenderOptions.defaults())).isEqualTo("""
                a.First.run 1
                z.Main.main 4
                z.Main.main;z.Main.work 5
                """);
        assertThat(render(writer, profile, RenderOptions.defaults().withValue("cpu"))).isEqualTo("""
                z.Main.main 40
                z.Main.main;z.Main.work 50
                """);
    }

    @Test
    void framesThatLookAlikeMergeIntoOneLine() {
        Profile profile = ProfileFixture.samples()
                .sample("a.A.run#interpreted;a.B.call", 1)
                .sample("a.A.run#compiled;a.B.call", 2)
                .build();
        assertThat(render(writer, profile, RenderOptions.defaults())).isEqualTo("a.A.run;a.B.call 3\n");
    }

    @Test
    void linesWhenTheViewKeptThem() {
        Profile profile = ProfileFixture.samples().sample("a.Main.main(Main.java:12);a.Foo.bar:42;a.Foo.baz", 7).build();
        assertThat(render(writer, View.defaults().withLines(true).apply(profile), RenderOptions.defaults()))
                .isEqualTo("a.Main.main:12;a.Foo.bar:42;a.Foo.baz 7\n");
        assertThat(render(writer, View.defaults().apply(profile), RenderOptions.defaults()))
                .isEqualTo("a.Main.main;a.Foo.bar;a.Foo.baz 7\n");
    }

    @Test
    void separatorsAndLineBreaksInNamesAreReplaced() {
        ProfileBuilder builder = new ProfileBuilder(ValueType.SAMPLES);
        int odd = builder.frame("a.B", "m(Ljava/lang/String;)V", "", 0, FrameKind.COMPILED);
        int broken = builder.frame("", "two\nlines\r\tand tab", "", 0, FrameKind.NATIVE);
        builder.sample(builder.path(new int[]{odd, broken}), Profile.NO_THREAD, ThreadState.RUNNABLE, Profile.NO_TIME, 1);
        assertThat(render(writer, builder.build(), RenderOptions.defaults()))
                .isEqualTo("a.B.m(Ljava/lang/String,)V;two lines  and tab 1\n");
    }

    @Test
    void noSamplesNoLines() {
        Profile profile = ProfileFixture.samples().sample("a.B.c", 0).build();
        assertThat(render(writer, profile, RenderOptions.defaults())).isEmpty();
    }
}
