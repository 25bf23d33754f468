package dev.jprof.render.html;

import dev.jprof.capture.json.JsonParser;
import dev.jprof.fixture.ProfileFixture;
import dev.jprof.model.FrameKind;
import dev.jprof.model.Profile;
import dev.jprof.model.ProfileBuilder;
import dev.jprof.model.ThreadState;
import dev.jprof.model.ValueType;
import dev.jprof.render.RenderOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.jprof.fixture.ProfileFixture.render;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class FlameGraphWriterTest {
    private static final String HOSTILE = "</script><script>window.pwned = 1</script>\"'<b>&amp;";
    private static final Pattern DATA = Pattern.compile("<script type=\"application/json\" id=\"data\">(.*?)</script>", Pattern.DOTALL);

    private final FlameGraphWriter writer = new FlameGraphWriter();

    /** main 10 samples: Foo.work 8 (compute 6, self 2), Bar.idle 2. */
    static Profile small() {
        return new ProfileFixture(ValueType.SAMPLES)
                .sample("t", ThreadState.RUNNABLE, "app.Main.main;app.Foo.work;app.Foo.compute", 6)
                .sample("t", ThreadState.RUNNABLE, "app.Main.main;app.Bar.idle", 2)
                .sample("t", ThreadState.RUNNABLE, "app.Main.main;app.Foo.work", 2)
                .attribute("title", "</title><b>bold</b>")
                .build();
    }

    private static Profile hostile() {
        ProfileBuilder builder = new ProfileBuilder(ValueType.SAMPLES);
        int main = builder.frame("app.Main", "main", "", 0, FrameKind.COMPILED);
        int bad = builder.frame("app.Bad" + HOSTILE, "m" + HOSTILE, "", 0, FrameKind.COMPILED);
        builder.sample(builder.path(main, bad), builder.thread("worker " + HOSTILE, 1), ThreadState.RUNNABLE, Profile.NO_TIME, 3);
        builder.sample(builder.path(main), builder.thread("main", 2), ThreadState.RUNNABLE, Profile.NO_TIME, 1);
        builder.attribute("title", "<script>window.pwned = 2</script> & \"more\"");
        builder.warning("</script><img src=x onerror=\"window.pwned = 3\">");
        return builder.build();
    }

    @Test
    void hostileNamesAreDataInTheFile() {
        String html = render(writer, hostile(), RenderOptions.defaults());
        String lower = html.toLowerCase(Locale.ROOT);
        // the template's own script elements only: data, model.js, viewer.js
        assertThat(count(lower, "</script")).isEqualTo(3);
        assertThat(count(lower, "<script")).isEqualTo(3);
        assertThat(html).doesNotContain("<img", "<!--", "<b>");
        assertThat(html).contains("<title>&lt;script&gt;window.pwned = 2&lt;/script&gt; &amp; &quot;more&quot;</title>");
        Matcher data = DATA.matcher(html);
        assertThat(data.find()).isTrue();
        assertThat(data.group(1)).doesNotContain("<", ">", "&");
    }

    @Test
    void selfContained() {
        String html = render(writer, small(), RenderOptions.defaults());
        assertThat(html).startsWith("<!DOCTYPE html>");
        assertThat(html).doesNotContainPattern("(?i)(src|href)\\s*=\\s*[\"']?(https?:)?//");
        assertThat(html).doesNotContain("http://", "https://", "@import", "{{");
    }

    @Test
    void hostileNamesAreTextInTheBrowser(@TempDir Path dir) throws Exception {
        Chromium chromium = Chromium.find(dir);
        assumeTrue(chromium != null, "no chromium to open the page with");
        Map<?, ?> out = chromium.probe(render(writer, hostile(), RenderOptions.defaults()), """
                var j = window.jprof;
                out.pwned = window.pwned === undefined ? 'no' : 'yes';
                out.title = document.getElementById('title').textContent;
                out.warning = document.getElementById('warnings').textContent;
                out.threads = Array.from(document.getElementById('thread').options).map(function (o) { return o.textContent; });
                j.toggleTable();
                out.rows = Array.from(document.querySelectorAll('#methods-body tr td:first-child')).map(function (td) { return td.textContent; });
                var box = j.boxOf('app.Main.main');
                var canvas = document.getElementById('flame');
                canvas.dispatchEvent(new MouseEvent('mousemove', { clientX: box.left + 3, clientY: box.top - 8, bubbles: true }));
                out.tooltip = document.querySelector('#tooltip .name').textContent;
                """);
        assertThat(out.get("errors")).isEqualTo(List.of());
        assertThat(out.get("pwned")).isEqualTo("no");
        assertThat(out.get("title")).isEqualTo("<script>window.pwned = 2</script> & \"more\"");
        assertThat(out.get("warning")).isEqualTo("</script><img src=x onerror=\"window.pwned = 3\">");
        assertThat(strings(out.get("threads"))).containsExactly("all threads (2)", "worker " + HOSTILE + "  75.00%", "main  25.00%");
        assertThat(strings(out.get("rows"))).contains("app.Bad" + HOSTILE + ".m" + HOSTILE, "app.Main.main");
        assertThat(out.get("tooltip")).isEqualTo("app.Bad" + HOSTILE + ".m" + HOSTILE);
    }

    /** A tracing profile: values in nanoseconds with call counts; the tooltip and the table say so in their units. */
    @Test
    void timeAndCallsInTheirUnits(@TempDir Path dir) throws Exception {
        Chromium chromium = Chromium.find(dir);
        assumeTrue(chromium != null, "no chromium to open the page with");
        ValueType time = new ValueType("time", dev.jprof.model.Unit.NANOSECONDS);
        ValueType calls = new ValueType("calls", dev.jprof.model.Unit.CALLS);
        Profile traced = new ProfileFixture(time, calls)
                .sample("app.Main.main", 500_000, 1)
                .sample("app.Main.main;app.Db.query", 1_500_000_000, 3)
                .build();
        Map<?, ?> out = chromium.probe(render(writer, traced, RenderOptions.defaults()), """
                var j = window.jprof, canvas = document.getElementById('flame'), b = j.boxOf('app.Db.query');
                canvas.dispatchEvent(new MouseEvent('mousemove', { clientX: b.left + 5, clientY: b.top + 5, bubbles: true }));
                out.tooltip = Array.from(document.querySelectorAll('#tooltip tr')).map(function (r) { return r.textContent; });
                j.toggleTable();
                out.head = document.getElementById('methods-head').textContent;
                out.rows = Array.from(document.querySelectorAll('#methods-body tr')).map(function (r) {
                  return Array.from(r.cells).map(function (c) { return c.textContent; }).join('|');
                });
                """);
        assertThat(out.get("errors")).isEqualTo(List.of());
        assertThat(strings(out.get("tooltip"))).containsExactly("total1.50 s  (99.97% of all)", "of caller99.97%",
                "self1.50 s  (99.97%)", "calls3 calls");
        assertThat(out.get("head")).isEqualTo("MethodSelf ▾Self %TotalTotal %Calls");
        assertThat(strings(out.get("rows"))).containsExactly("app.Db.query|1.50 s|99.97%|1.50 s|99.97%|3 calls",
                "app.Main.main|500.00 us|0.03%|1.50 s|100.00%|1 calls");
    }

    @Test
    void emptyProfileSaysSo(@TempDir Path dir) throws Exception {
        Chromium chromium = Chromium.find(dir);
        assumeTrue(chromium != null, "no chromium to open the page with");
        Map<?, ?> out = chromium.probe(render(writer, new ProfileBuilder(ValueType.SAMPLES).build(), RenderOptions.defaults()), """
                out.empty = document.getElementById('empty').hidden ? '' : document.getElementById('empty').textContent;
                window.jprof.search('x');
                out.matched = document.getElementById('matched').textContent;
                """);
        assertThat(out.get("errors")).isEqualTo(List.of());
        assertThat(out.get("empty")).isEqualTo("No samples to show.");
        assertThat(out.get("matched")).isEqualTo("matched: 0.00% of total · 0 matches");
    }

    /** Drives the page as a user would: hover, click to zoom, breadcrumbs, search and step, switch view, table, callers. */
    @Test
    void zoomSearchAndViewsInTheBrowser(@TempDir Path dir) throws Exception {
        Chromium chromium = Chromium.find(dir);
        assumeTrue(chromium != null, "no chromium to open the page with");
        Map<?, ?> out = chromium.probe(render(writer, small(), RenderOptions.defaults()), """
                var j = window.jprof, canvas = document.getElementById('flame');
                function text(id) { return document.getElementById(id).textContent; }
                function at(name, event) {
                  var b = j.boxOf(name);
                  if (!b) return 'not drawn: ' + name;
                  canvas.dispatchEvent(new MouseEvent(event, { clientX: b.left + b.width / 2, clientY: b.top + b.height / 2, bubbles: true }));
                  return b;
                }
                out.summary = text('summary');
                at('app.Foo.work', 'mousemove');
                out.tooltip = Array.from(document.querySelectorAll('#tooltip tr')).map(function (r) { return r.textContent; });
                var before = j.boxOf('app.Foo.compute');
                at('app.Foo.work', 'click');
                out.breadcrumbs = text('breadcrumbs');
                out.resetEnabled = !document.getElementById('reset').disabled;
                out.computeWidthRatio = j.boxOf('app.Foo.compute').width / before.width;
                out.barDrawn = j.boxOf('app.Bar.idle') !== null;
                var input = document.getElementById('search');
                input.value = 'compute';
                input.dispatchEvent(new Event('input', { bubbles: true }));
                out.matchedZoomed = text('matched');
                document.getElementById('reset').click();
                out.matched = text('matched');
                document.getElementById('next').click();
                out.stepped = text('matched');
                out.status = text('status-text');
                input.value = 'Foo|(';
                input.dispatchEvent(new Event('input', { bubbles: true }));
                out.invalid = input.classList.contains('invalid') + ' ' + text('matched');
                input.value = '';
                input.dispatchEvent(new Event('input', { bubbles: true }));
                function key(k, target) { (target || document).dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true })); }
                key('/');
                out.slashFocuses = document.activeElement === input;
                input.blur();
                key('i');
                out.keyI = text('orientation');
                key('i');
                var flameTop = j.boxOf('all').top;
                document.getElementById('orientation').click();
                out.orientation = text('orientation');
                out.rootMovedUp = j.boxOf('all').top < flameTop;
                document.getElementById('table-toggle').click();
                out.table = Array.from(document.querySelectorAll('#methods-body tr')).map(function (r) {
                  return Array.from(r.cells).map(function (c) { return c.textContent; }).join('|');
                });
                document.querySelectorAll('#methods-body tr')[1].click();
                out.highlighted = text('status-text');
                out.selectedRow = document.querySelector('#methods-body tr.selected td').textContent;
                document.getElementById('reverse').click();
                out.sandwich = text('sandwich-title');
                out.sandwichShown = !document.getElementById('sandwich').hidden;
                out.callers = j.boxOf('app.Main.main', j.views.callers) !== null;
                out.callees = j.boxOf('app.Foo.compute', j.views.callees) !== null;
                document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
                out.backToGraph = document.getElementById('sandwich').hidden;
                document.dispatchEvent(new KeyboardEvent('keydown', { key: '?', bubbles: true }));
                out.help = !document.getElementById('help').hidden && text('help-keys').indexOf('flame graph or icicle') >= 0;
                var frames = document.getElementById('frames');
                frames.value = 'app';
                frames.dispatchEvent(new Event('change', { bubbles: true }));
                var hide = document.getElementById('hide');
                hide.value = 'Foo\\.work';
                hide.dispatchEvent(new Event('input', { bubbles: true }));
                out.hidden = j.boxOf('app.Foo.work') === null && j.boxOf('app.Foo.compute') !== null
                  && Math.abs(j.boxOf('app.Foo.compute').width - j.boxOf('all').width * 0.6) < 0.01;
                hide.value = '';
                hide.dispatchEvent(new Event('input', { bubbles: true }));
                out.shownAgain = j.boxOf('app.Foo.work') !== null;
                document.getElementById('theme').click();
                out.dark = document.documentElement.classList.contains('dark');
                out.legend = text('legend');
                """);
        assertThat(out.get("errors")).isEqualTo(List.of());
        assertThat(out.get("summary")).isEqualTo("samples: 10 samples · 1 thread");
        assertThat(strings(out.get("tooltip"))).containsExactly("total8 samples  (80.00% of all)", "of caller80.00%", "self2 samples  (20.00%)");
        assertThat(out.get("breadcrumbs")).isEqualTo("all›app.Main.main›app.Foo.work");
        assertThat(out.get("resetEnabled")).isEqualTo(true);
        assertThat((Double) out.get("computeWidthRatio")).isCloseTo(10.0 / 8, org.assertj.core.data.Offset.offset(0.01));
        assertThat(out.get("barDrawn")).isEqualTo(false);
        assertThat(out.get("matchedZoomed")).isEqualTo("matched: 60.00% of total, 75.00% of zoomed · 1 match");
        assertThat(out.get("matched")).isEqualTo("matched: 60.00% of total · 1 match");
        assertThat(out.get("stepped")).isEqualTo("matched: 60.00% of total · 1 match · #1");
        assertThat(out.get("status")).isEqualTo("app.Foo.compute  —  6 samples (60.00%)");
        assertThat(out.get("invalid")).isEqualTo("true ");
        assertThat(out.get("slashFocuses")).isEqualTo(true);
        assertThat(out.get("keyI")).isEqualTo("Flame graph");
        assertThat(out.get("orientation")).isEqualTo("Flame graph");
        assertThat(out.get("rootMovedUp")).isEqualTo(true);
        assertThat(strings(out.get("table"))).containsExactly(
                "app.Foo.compute|6 samples|60.00%|6 samples|60.00%",
                "app.Bar.idle|2 samples|20.00%|2 samples|20.00%",
                "app.Foo.work|2 samples|20.00%|8 samples|80.00%",
                "app.Main.main|0 samples|0.00%|10 samples|100.00%");
        assertThat(out.get("highlighted")).isEqualTo("highlighted: app.Bar.idle");
        assertThat(out.get("selectedRow")).isEqualTo("app.Bar.idle");
        assertThat(out.get("sandwich")).isEqualTo("app.Bar.idle: total 2 samples (20.00%), self 2 samples");
        assertThat(out.get("sandwichShown")).isEqualTo(true);
        assertThat(out.get("callers")).isEqualTo(true);
        assertThat(out.get("callees")).isEqualTo(false);
        assertThat(out.get("backToGraph")).isEqualTo(true);
        assertThat(out.get("help")).isEqualTo(true);
        assertThat(out.get("hidden")).isEqualTo(true);
        assertThat(out.get("shownAgain")).isEqualTo(true);
        assertThat(out.get("dark")).isEqualTo(true);
        assertThat(out.get("legend")).isEqualTo("applicationsearch matchhighlighted method");
    }

    static List<String> strings(Object list) {
        return ((List<?>) list).stream().map(String::valueOf).toList();
    }

    /** Thread selector, state filter and a time range dragged on the timeline change what the graph adds up. */
    @Test
    void threadsStatesAndTimelineInTheBrowser(@TempDir Path dir) throws Exception {
        Chromium chromium = Chromium.find(dir);
        assumeTrue(chromium != null, "no chromium to open the page with");
        ProfileFixture wall = new ProfileFixture(ValueType.SAMPLES, ValueType.WALL_TIME).attribute("mode", "wall");
        for (int i = 0; i < 100; i++) {
            long t = 1_000_000_000L + i * 10_000_000L;
            wall.sample("main", ThreadState.RUNNABLE, t, i < 50 ? "app.Main.main;app.Main.early" : "app.Main.main;app.Main.late", 1, 10_000_000);
            wall.sample("sleeper", ThreadState.TIMED_WAITING, t, "app.Sleeper.run;java.lang.Thread.sleep", 1, 10_000_000);
        }
        Map<?, ?> out = chromium.probe(render(writer, wall.build(), RenderOptions.defaults().withValue("wall")), """
                var j = window.jprof;
                function text(id) { return document.getElementById(id).textContent; }
                function choose(id, label) {
                  var select = document.getElementById(id);
                  select.value = Array.from(select.options).find(function (o) { return o.textContent.indexOf(label) === 0; }).value;
                  select.dispatchEvent(new Event('change', { bubbles: true }));
                }
                out.summary = text('summary');
                out.threads = Array.from(document.getElementById('thread').options).map(function (o) { return o.textContent; });
                out.states = Array.from(document.getElementById('state').options).map(function (o) { return o.textContent; });
                choose('state', 'running');
                out.running = text('summary');
                out.sleepDrawn = j.boxOf('java.lang.Thread.sleep') !== null;
                choose('state', 'all states');
                choose('thread', 'sleeper');
                out.sleeper = text('summary');
                choose('thread', 'all threads');
                out.timeline = text('range-text');
                var strip = document.getElementById('timeline'), r = strip.getBoundingClientRect();
                strip.dispatchEvent(new MouseEvent('mousedown', { clientX: r.left, clientY: r.top + 10, bubbles: true }));
                window.dispatchEvent(new MouseEvent('mousemove', { clientX: r.left + r.width * 0.3, clientY: r.top + 10 }));
                window.dispatchEvent(new MouseEvent('mouseup', { clientX: r.left + r.width * 0.3, clientY: r.top + 10 }));
                out.range = text('range-text');
                out.ranged = text('summary');
                out.lateDrawn = j.boxOf('app.Main.late') !== null;
                out.earlyDrawn = j.boxOf('app.Main.early') !== null;
                document.getElementById('range-clear').click();
                out.cleared = text('summary');
                """);
        assertThat(out.get("errors")).isEqualTo(List.of());
        assertThat(out.get("summary")).isEqualTo("wall: 2.00 s · wall mode · 2 threads");
        assertThat(strings(out.get("threads"))).containsExactly("all threads (2)", "main  50.00%", "sleeper  50.00%");
        assertThat(strings(out.get("states"))).containsExactly("all states", "running (runnable, native)", "runnable", "timed_waiting");
        assertThat(out.get("running")).isEqualTo("wall: 1.00 s · wall mode · 2 threads");
        assertThat(out.get("sleepDrawn")).isEqualTo(false);
        assertThat(out.get("sleeper")).isEqualTo("wall: 1.00 s · wall mode · 2 threads");
        assertThat(out.get("timeline")).isEqualTo("timeline: 990.00 ms · drag to select a time range");
        assertThat((String) out.get("range")).startsWith("showing 0 ns – 29");
        // the first 30 of 100 sample times, on both threads
        assertThat(out.get("ranged")).isEqualTo("wall: 600.00 ms · wall mode · 2 threads");
        assertThat(out.get("lateDrawn")).isEqualTo(false);
        assertThat(out.get("earlyDrawn")).isEqualTo(true);
        assertThat(out.get("cleared")).isEqualTo("wall: 2.00 s · wall mode · 2 threads");
    }

    /** A differential page colours by change and says how much each frame grew; a screenshot is kept in target/. */
    @Test
    void differentialPageInTheBrowser(@TempDir Path dir) throws Exception {
        Chromium chromium = Chromium.find(dir);
        assumeTrue(chromium != null, "no chromium to open the page with");
        Profile before = new ProfileFixture(ValueType.SAMPLES)
                .sample("app.Main.main;app.Foo.slow", 8).sample("app.Main.main;app.Foo.fast", 2).build();
        Profile after = new ProfileFixture(ValueType.SAMPLES)
                .sample("app.Main.main;app.Foo.slow", 2).sample("app.Main.main;app.Foo.fast", 8).build();
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        writer.renderDiff(dev.jprof.transform.Diff.of(before, after, null), 0, 1, "before vs after", bytes);
        Map<?, ?> out = chromium.probe(bytes.toString(StandardCharsets.UTF_8), """
                var j = window.jprof, canvas = document.getElementById('flame'), b = j.boxOf('app.Foo.fast');
                canvas.dispatchEvent(new MouseEvent('mousemove', { clientX: b.left + 5, clientY: b.top + 5, bubbles: true }));
                out.tooltip = Array.from(document.querySelectorAll('#tooltip tr')).map(function (r) { return r.textContent; });
                out.legend = document.getElementById('legend').textContent;
                out.summary = document.getElementById('summary').textContent;
                var ctx = canvas.getContext('2d'), ratio = window.devicePixelRatio || 1, r = canvas.getBoundingClientRect();
                var px = ctx.getImageData((b.left - r.left + 5) * ratio, (b.top - r.top + 2) * ratio, 1, 1).data;
                out.fastIsRed = px[0] > px[2] + 40;
                var widthsButton = document.getElementById('diff-widths');
                var fastNow = j.boxOf('app.Foo.fast').width / j.boxOf('all').width;
                widthsButton.click();
                out.widths = widthsButton.textContent + ' ' + fastNow.toFixed(2) + ' -> '
                  + (j.boxOf('app.Foo.fast').width / j.boxOf('all').width).toFixed(2);
                """);
        assertThat(out.get("errors")).isEqualTo(List.of());
        assertThat(out.get("widths")).isEqualTo("Widths: baseline 0.80 -> 0.20");
        assertThat(strings(out.get("tooltip"))).contains("total8 samples  (80.00% of all)", "current8 samples  (80.00%)", "baseline2 samples  (20.00%)",
                "change+60.00 points of the total");
        assertThat((String) out.get("legend")).startsWith("grewshrankunchanged");
        assertThat(out.get("summary")).isEqualTo("current: 10 samples · baseline 10 samples · 0 threads");
        assertThat(out.get("fastIsRed")).isEqualTo(true);

        Path page = Path.of("target", "viewer-screenshot.html");
        write(page, render(writer, ViewerScreenshotProfile.profile(), RenderOptions.defaults()));
        Path png = Path.of("target", "viewer-screenshot.png");
        Files.deleteIfExists(png);
        chromium.screenshot(page, png, 1400, 900);
        assertThat(png).exists();
        assertThat(Files.size(png)).isGreaterThan(10_000);
    }

    /** Recursion in A.run, B.leaf called from two places, two threads, a blocked sample, four times. */
    static Profile modelProfile() {
        return new ProfileFixture(ValueType.SAMPLES)
                .sample("t1", ThreadState.RUNNABLE, 1_000_000, "app.Main.main;app.A.run;app.A.run;app.B.leaf", 4)
                .sample("t1", ThreadState.RUNNABLE, 2_000_000, "app.Main.main;app.C.call;app.B.leaf", 3)
                .sample("t2", ThreadState.RUNNABLE, 3_000_000, "app.Main.main;app.C.call", 1)
                .sample("t2", ThreadState.BLOCKED, 4_000_000, "app.Main.main;java.util.HashMap.get", 2)
                .build();
    }

    /** model.js's own unit tests (test resource model-test.js), run in the browser against the writer's data. */
    @Test
    void modelUnitTestsInTheBrowser(@TempDir Path dir) throws Exception {
        Chromium chromium = Chromium.find(dir);
        assumeTrue(chromium != null, "no chromium to run the viewer's unit tests in");
        String tests;
        try (var in = FlameGraphWriterTest.class.getResourceAsStream("model-test.js")) {
            tests = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String numbers = "var NUMBERS_TEXT = '" + VarintText.encode(0, 31, 32, 1023, 1L << 40, 5) + "';\n";
        Map<?, ?> out = chromium.probe(render(writer, modelProfile(), RenderOptions.defaults()), numbers + tests);
        assertThat(out.get("errors")).isEqualTo(List.of());
        List<String> results = strings(out.get("results"));
        assertThat(results).hasSize(11);
        assertThat(results).allSatisfy(r -> assertThat(r).endsWith(": ok"));
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) count++;
        return count;
    }

    static Map<?, ?> json(String text) {
        try {
            return (Map<?, ?>) JsonParser.parse(text, "json");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static void write(Path file, String text) throws java.io.IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
