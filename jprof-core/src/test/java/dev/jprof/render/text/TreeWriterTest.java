package dev.jprof.render.text;

import dev.jprof.fixture.ProfileFixture;
import dev.jprof.model.Profile;
import dev.jprof.model.ThreadState;
import dev.jprof.model.ValueType;
import dev.jprof.render.RenderOptions;
import dev.jprof.transform.View;
import org.junit.jupiter.api.Test;

import static dev.jprof.fixture.ProfileFixture.render;
import static org.assertj.core.api.Assertions.assertThat;

class TreeWriterTest {
    private final TreeWriter writer = new TreeWriter();
    private final Profile profile = new ProfileFixture(ValueType.SAMPLES, ValueType.CPU_TIME)
            .sample("main", ThreadState.RUNNABLE, "app.Main.main(Main.java:10);app.Foo.work(Foo.java:20);app.Foo.compute(Foo.java:30)", 50, 1_250_000_000L)
            .sample("main", ThreadState.RUNNABLE, "app.Main.main(Main.java:10);app.Foo.work(Foo.java:20)", 20, 200_000_000L)
            .sample("main", ThreadState.RUNNABLE, "app.Main.main(Main.java:10);app.Bar.tiny", 1, 10_000_000L)
            .sample("main", ThreadState.RUNNABLE, "app.Main.main(Main.java:10);app.Bar.tinier", 1, 10_000_000L)
            .sample("w", ThreadState.RUNNABLE, "java.lang.Thread.run;java.util.concurrent.ThreadPoolExecutor$Worker.run;"
                    + "java.util.concurrent.ThreadPoolExecutor.runWorker;app.Task.run;java.lang.reflect.Method.invoke;"
                    + "jdk.internal.reflect.DirectMethodHandleAccessor.invoke;app.Task.body", 28, 280_000_000L)
            .attribute("title", "demo")
            .build();

    @Test
    void indentedTreeWithTimeFoldedSmallNodesAndHiddenJdkFrames() {
        assertThat(render(writer, View.defaults().withLines(true).apply(profile), RenderOptions.defaults().withMinPercent(2)))
                .isEqualTo("""
                        demo
                        total: 100 samples, 1.75 s cpu

                        72.0%  1.47 s  app.Main.main  Main.java:10
                        ├─ 70.0%  1.45 s  app.Foo.work  Foo.java:20
                        │  ├─ 50.0%  1.25 s  app.Foo.compute  Foo.java:30
                        │  └─ 20.0%  200.00 ms  [self]
                        └─ 2.0%  20.00 ms  [2 small nodes]
                        28.0%  280.00 ms  [3 JDK frames hidden]  java.lang, java.util.concurrent
                        └─ 28.0%  280.00 ms  app.Task.run
                           └─ 28.0%  280.00 ms  [2 JDK frames hidden]  java.lang.reflect, jdk.internal.reflect
                              └─ 28.0%  280.00 ms  app.Task.body
                        """);
    }

    @Test
    void showAllKeepsEveryFrameAndNoMinimumKeepsEveryNode() {
        String tree = render(writer, View.defaults().apply(profile), RenderOptions.defaults().withShowAll(true).withMinPercent(0));
        assertThat(tree.substring(tree.indexOf("\n\n") + 2)).isEqualTo("""
                72.0%  1.47 s  app.Main.main
                ├─ 70.0%  1.45 s  app.Foo.work
                │  ├─ 50.0%  1.25 s  app.Foo.compute
                │  └─ 20.0%  200.00 ms  [self]
                ├─ 1.0%  10.00 ms  app.Bar.tinier
                └─ 1.0%  10.00 ms  app.Bar.tiny
                28.0%  280.00 ms  java.lang.Thread.run
                └─ 28.0%  280.00 ms  java.util.concurrent.ThreadPoolExecutor$Worker.run
                   └─ 28.0%  280.00 ms  java.util.concurrent.ThreadPoolExecutor.runWorker
                      └─ 28.0%  280.00 ms  app.Task.run
                         └─ 28.0%  280.00 ms  java.lang.reflect.Method.invoke
                            └─ 28.0%  280.00 ms  jdk.internal.reflect.DirectMethodHandleAccessor.invoke
                               └─ 28.0%  280.00 ms  app.Task.body
                """);
    }

    @Test
    void samplesWhenThereIsNoTimeAndASingleJdkFrameStays() {
        Profile samples = ProfileFixture.samples()
                .sample("[main];a.Main.main;java.lang.reflect.Method.invoke;a.Impl.run", 6)
                .sample("[main];a.Main.main;a.Main.helper;jdk.internal.misc.Unsafe.park", 2)
                .build();
        String tree = render(writer, samples, RenderOptions.defaults());
        assertThat(tree.substring(tree.indexOf("\n\n") + 2)).isEqualTo("""
                100.0%  8 samples  [main]
                └─ 100.0%  8 samples  a.Main.main
                   ├─ 75.0%  6 samples  java.lang.reflect.Method.invoke
                   │  └─ 75.0%  6 samples  a.Impl.run
                   └─ 25.0%  2 samples  a.Main.helper
                      └─ 25.0%  2 samples  jdk.internal.misc.Unsafe.park
                """);
    }

    @Test
    void theSecondValueIsDrawnWhenAsked() {
        String tree = render(writer, View.defaults().apply(profile), RenderOptions.defaults().withValue("cpu").withMinPercent(10));
        assertThat(tree.substring(tree.indexOf("\n\n") + 2)).startsWith("""
                84.0%  1.47 s  app.Main.main
                ├─ 82.9%  1.45 s  app.Foo.work
                │  ├─ 71.4%  1.25 s  app.Foo.compute
                │  └─ 11.4%  200.00 ms  [self]
                └─ 1.1%  20.00 ms  [2 small nodes]
                16.0%  280.00 ms  [3 JDK frames hidden]""");
    }

    @Test
    void emptyProfile() {
        Profile empty = new dev.jprof.model.ProfileBuilder(ValueType.SAMPLES).build();
        assertThat(render(writer, empty, RenderOptions.defaults())).endsWith("\n\nno samples\n");
    }

    /** A stack as deep as a file says (here 30,000 frames) prints its first levels and says where it stops. */
    @Test
    void aVeryDeepStackStopsAtMaxDepth() {
        StringBuilder stack = new StringBuilder("app.F.f0");
        for (int i = 1; i < 30_000; i++) stack.append(";app.F.f").append(i);
        Profile deep = ProfileFixture.samples().sample("main", ThreadState.RUNNABLE, stack.toString(), 1).build();
        String tree = render(writer, deep, RenderOptions.defaults().withShowAll(true));
        assertThat(tree).contains("app.F.f" + TreeWriter.MAX_DEPTH + "\n").doesNotContain("app.F.f" + (TreeWriter.MAX_DEPTH + 1) + "\n")
                .endsWith("[deeper calls not shown: the tree stops at " + TreeWriter.MAX_DEPTH + " levels]\n");
    }
}
