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

class TableWriterTest {
    private final TableWriter writer = new TableWriter();
    private final Profile profile = new ProfileFixture(ValueType.SAMPLES, ValueType.CPU_TIME)
            .sample("main", ThreadState.RUNNABLE, "app.Main.main(Main.java:10);app.Foo.work(Foo.java:20);app.Foo.compute(Foo.java:30)", 50, 500_000_000L)
            .sample("main", ThreadState.RUNNABLE, "app.Main.main(Main.java:10);app.Foo.work(Foo.java:20)", 20, 200_000_000L)
            .sample("main", ThreadState.RUNNABLE, "app.Main.main(Main.java:10);app.Bar.tiny", 1, 10_000_000L)
            .sample("w", ThreadState.RUNNABLE, "java.lang.Thread.run;app.Task.run;app.Task.run;app.Task.body", 29, 290_000_000L)
            .attribute("title", "demo").attribute("mode", "cpu").attribute("engine", "jfr-execution-sample")
            .attribute("intervalNanos", "10000000").attribute("durationNanos", "1000000000").attribute("achievedRate", "97.25")
            .attribute("target", "java -jar app.jar")
            .warning("inlined frames are folded into callers")
            .build();

    @Test
    void headerThenMethodsBySelf() {
        assertThat(render(writer, View.defaults().withLines(true).apply(profile), RenderOptions.defaults())).isEqualTo("""
                demo
                target: java -jar app.jar
                mode: cpu, engine: jfr-execution-sample, interval: 10.00 ms, duration: 1.00 s, achieved rate: 97.3/s per thread
                total: 100 samples, 1.00 s cpu
                warning: inlined frames are folded into callers

                self samples  self %  total samples  total %  self time  total time  method
                          50  50.00%             50   50.00%  500.00 ms   500.00 ms  app.Foo.compute  Foo.java:30
                          29  29.00%             29   29.00%  290.00 ms   290.00 ms  app.Task.body
                          20  20.00%             70   70.00%  200.00 ms   700.00 ms  app.Foo.work  Foo.java:20
                           1   1.00%              1    1.00%   10.00 ms    10.00 ms  app.Bar.tiny
                           0   0.00%             71   71.00%       0 ns   710.00 ms  app.Main.main  Main.java:10
                           0   0.00%             29   29.00%       0 ns   290.00 ms  app.Task.run
                           0   0.00%             29   29.00%       0 ns   290.00 ms  java.lang.Thread.run
                """);
    }

    @Test
    void topRowsByTotal() {
        String table = render(writer, View.defaults().apply(profile), RenderOptions.defaults().withSort(RenderOptions.Sort.TOTAL).withTop(3));
        assertThat(table.substring(table.indexOf("self samples"))).isEqualTo("""
                self samples  self %  total samples  total %  self time  total time  method
                           0   0.00%             71   71.00%       0 ns   710.00 ms  app.Main.main
                          20  20.00%             70   70.00%  200.00 ms   700.00 ms  app.Foo.work
                          50  50.00%             50   50.00%  500.00 ms   500.00 ms  app.Foo.compute
                ... 4 more rows
                """);
    }

    @Test
    void byNameAndInTheTimeValue() {
        String table = render(writer, View.defaults().apply(profile),
                RenderOptions.defaults().withSort(RenderOptions.Sort.NAME).withValue("cpu").withTop(2));
        assertThat(table.substring(table.indexOf("\n\n") + 2)).isEqualTo("""
                 self cpu  self %  total cpu  total %  method
                 10.00 ms   1.00%   10.00 ms    1.00%  app.Bar.tiny
                500.00 ms  50.00%  500.00 ms   50.00%  app.Foo.compute
                ... 5 more rows
                """);
    }

    @Test
    void withoutTimeTheTimeColumnsAreLeftOut() {
        Profile samples = ProfileFixture.samples().sample("a.A.a;a.B.b", 3).sample("a.A.a", 1).build();
        assertThat(render(writer, samples, RenderOptions.defaults())).isEqualTo("""
                jprof
                total: 4 samples

                self samples  self %  total samples  total %  method
                           3  75.00%              3   75.00%  a.B.b
                           1  25.00%              4  100.00%  a.A.a
                """);
    }

    @Test
    void recursionCountsOnceInTheTotalColumn() {
        String table = render(writer, View.defaults().apply(profile), RenderOptions.defaults());
        assertThat(table).contains("           0   0.00%             29   29.00%       0 ns   290.00 ms  app.Task.run\n");
    }

    @Test
    void emptyProfile() {
        Profile empty = new dev.jprof.model.ProfileBuilder(ValueType.SAMPLES).build();
        assertThat(render(writer, empty, RenderOptions.defaults())).isEqualTo("jprof\ntotal: 0 samples\n\nno samples\n");
    }
}
