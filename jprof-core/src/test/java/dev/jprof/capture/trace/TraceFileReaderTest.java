package dev.jprof.capture.trace;

import dev.jprof.capture.ProfileFormatException;
import dev.jprof.model.Profile;
import dev.jprof.render.RenderOptions;
import dev.jprof.render.text.CallgrindWriter;
import dev.jprof.render.text.CallsTableWriter;
import dev.jprof.transform.CallStats;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TraceFileReaderTest {
    /** main calls fib (which recurses once, twice) and leaf ten times; a worker calls fib four times. */
    static final String TRACE = """
            jprof-trace\t1
            clock\twall
            calibration\t2.000\t5.000
            duration\t5000
            method\t0\tapp.Main\tmain\t([Ljava/lang/String;)V\tMain.java\t10
            method\t1\tapp.Main\tfib\t(I)I\tMain.java\t20
            method\t2\tapp.Main\tleaf\t()V\tMain.java\t30
            thread\t0\t1\tmain
            node\t0\t1\t0\t0\t1\t1000
            node\t0\t2\t1\t1\t1\t600
            node\t0\t3\t2\t1\t2\t300
            node\t0\t4\t1\t2\t10\t100
            thread\t1\t22\tworker
            node\t1\t1\t0\t1\t4\t40
            """;

    static Profile read(String text) throws Exception {
        return TraceFileReader.read(new BufferedReader(new StringReader(text)), "test.trace");
    }

    static Map<String, CallStats.Row> byName(CallStats stats) {
        return stats.rows().stream().collect(Collectors.toMap(CallStats.Row::name, Function.identity()));
    }

    @Test
    void subtractsTheHooksCostAndCountsRecursionOnce() throws Exception {
        Profile profile = read(TRACE);
        assertThat(profile.valueTypes()).extracting(Object::toString).containsExactly("calls[calls]", "wall[ns]");
        assertThat(profile.threadCount()).isEqualTo(2);
        Map<String, CallStats.Row> rows = byName(CallStats.of(profile));
        // main: 300 self - 2 for its own call - 3 for each of its 11 callees' calls
        assertThat(rows.get("app.Main.main")).isEqualTo(new CallStats.Row("app.Main.main", 0, 1, 1, 265, 265 + 292 + 296 + 80));
        CallStats.Row fib = rows.get("app.Main.fib");
        assertThat(fib.calls()).isEqualTo(7);
        assertThat(fib.primitiveCalls()).isEqualTo(5);
        assertThat(fib.ncalls()).isEqualTo("7/5");
        assertThat(fib.selfNanos()).isEqualTo(292 + 296 + 32);
        assertThat(fib.totalNanos()).as("the inner calls are inside the outer one").isEqualTo(292 + 296 + 32);
        assertThat(rows.get("app.Main.leaf").selfNanos()).isEqualTo(80);

        Map<String, CallStats.Row> worker = byName(CallStats.of(profile, 1));
        assertThat(worker).containsOnlyKeys("app.Main.fib");
        assertThat(worker.get("app.Main.fib").calls()).isEqualTo(4);
    }

    @Test
    void countsOnlyWithoutAClock() throws Exception {
        Profile profile = read(TRACE.replace("clock\twall", "clock\tnone"));
        assertThat(profile.valueTypes()).extracting(Object::toString).containsExactly("calls[calls]");
        String table = render(new CallsTableWriter(CallStats.Sort.NCALLS, false), profile);
        assertThat(table).contains("""
                18 calls (16 primitive)
                ordered by: ncalls

                ncalls  method (file:line)
                    10  app.Main.leaf  (Main.java:30)
                   7/5  app.Main.fib  (Main.java:20)
                     1  app.Main.main  (Main.java:10)
                """);
    }

    @Test
    void tableSaysTimesAreCorrected() throws Exception {
        String table = render(new CallsTableWriter(CallStats.Sort.CUMTIME, true), read(TRACE));
        assertThat(table).contains("times are corrected for the tracer's own cost: 5.0 ns per call subtracted")
                .contains("main     1     14  933 ns\nworker  22      4  32 ns\n")
                .contains("   3/1   588 ns  196.0 ns   588 ns  588.0 ns  app.Main.fib  (Main.java:20)")
                .contains("thread worker (id 22)\n4 calls (4 primitive) in 32 ns");
        assertThat(render(new CallsTableWriter(CallStats.Sort.TOTTIME, false), read(TRACE)))
                .contains("18 calls (16 primitive) in 965 ns\nordered by: tottime\n")
                .contains("7/5   620 ns   88.6 ns   620 ns  124.0 ns  app.Main.fib  (Main.java:20)");
    }

    @Test
    void callgrindHasSelfCostsAndCallEdges() throws Exception {
        String text = render(new CallgrindWriter(), read(TRACE), RenderOptions.defaults().withValue("wall"));
        assertThat(text).contains("events: Time\n").contains("summary: 965\n").contains("""
                fl=app/Main.java
                fn=app.Main.main
                10 265
                cfl=app/Main.java
                cfn=app.Main.fib
                calls=1 20
                10 588
                cfl=app/Main.java
                cfn=app.Main.leaf
                calls=10 30
                10 80
                """).contains("""
                fn=app.Main.fib
                20 620
                cfl=app/Main.java
                cfn=app.Main.fib
                calls=2 20
                20 296
                """);
    }

    @Test
    void totalsForCollapsed() throws Exception {
        Profile profile = read(TRACE);
        Profile totals = CallStats.withTotals(profile, 1);
        assertThat(totals.total(1)).isEqualTo(933 + 588 + 296 + 80 + 32);
    }

    @Test
    void underARootOnlyItsSubtreesRemain() throws Exception {
        Profile profile = read(TRACE);
        Profile underFib = CallStats.underRoots(profile, frame -> profile.frameMethod(frame).equals("fib"));
        Map<String, CallStats.Row> rows = byName(CallStats.of(underFib));
        assertThat(rows).containsOnlyKeys("app.Main.fib");
        assertThat(rows.get("app.Main.fib").ncalls()).isEqualTo("7/5");
        assertThat(underFib.threadCount()).isEqualTo(2);
    }

    @Test
    void malformedFilesSayWhere() {
        assertThatThrownBy(() -> read("jprof-trace\t1\nnode\t0\tx\n")).isInstanceOf(ProfileFormatException.class)
                .hasMessage("test.trace:2: malformed trace line");
        assertThatThrownBy(() -> read("jprof-trace\t1\nnode\t0\t1\t0\t9\t1\t1\n")).isInstanceOf(ProfileFormatException.class)
                .hasMessageContaining("unknown method 9");
        assertThatThrownBy(() -> read("")).isInstanceOf(ProfileFormatException.class);
    }

    private static String render(dev.jprof.render.Renderer renderer, Profile profile) throws Exception {
        return render(renderer, profile, RenderOptions.defaults());
    }

    private static String render(dev.jprof.render.Renderer renderer, Profile profile, RenderOptions options) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        renderer.render(profile, options, out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
