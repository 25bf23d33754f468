package dev.jprof.render.html;

import dev.jprof.capture.json.JsonParser;
import dev.jprof.fixture.ProfileFixture;
import dev.jprof.model.FrameKind;
import dev.jprof.model.Profile;
import dev.jprof.model.ProfileBuilder;
import dev.jprof.model.ThreadState;
import dev.jprof.model.ValueType;
import dev.jprof.render.RenderOptions;
import dev.jprof.render.json.JsonText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.jprof.fixture.ProfileFixture.render;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class FlameGraphWriterTest {
    private static final String HOSTILE_CLASS = "</script><script>alert(1)</script>";
    private static final String HOSTILE_METHOD = "m\"'<!--{{title}}\\u003c&amp;";
    private static final Pattern DATA = Pattern.compile("<script type=\"application/json\" id=\"data\">(.*?)</script>", Pattern.DOTALL);

    private final FlameGraphWriter writer = new FlameGraphWriter();

    private static Profile hostile() {
        ProfileBuilder builder = new ProfileBuilder(ValueType.SAMPLES);
        int main = builder.frame("app.Main", "main", "", 0, FrameKind.COMPILED);
        int bad = builder.frame(HOSTILE_CLASS, HOSTILE_METHOD, "", 0, FrameKind.COMPILED);
        int thread = builder.frame("", "[</script> \"thread\"]", "", 0, FrameKind.SYNTHETIC);
        builder.sample(builder.path(new int[]{thread, main, bad}), builder.thread("</script>", 1), ThreadState.RUNNABLE, Profile.NO_TIME, 3);
        builder.sample(builder.path(new int[]{thread, main}), Profile.NO_THREAD, ThreadState.RUNNABLE, Profile.NO_TIME, 1);
        builder.attribute("title", "<script>alert('title')</script> & \"more\"");
        builder.warning("</script><img src=x onerror=alert(2)>");
        return builder.build();
    }

    @Test
    void hostileNamesStayData() {
        String html = render(writer, hostile(), RenderOptions.defaults());
        String template = new String(readTemplate(), StandardCharsets.UTF_8);

        assertThat(count(html.toLowerCase(Locale.ROOT), "</script")).isEqualTo(count(template.toLowerCase(Locale.ROOT), "</script")).isEqualTo(2);
        assertThat(count(html.toLowerCase(Locale.ROOT), "<script")).isEqualTo(2);
        assertThat(html).doesNotContain("<!--", "alert(1)</", "<img");
        assertThat(html).contains("<title>&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; &amp; &quot;more&quot;</title>");
        assertThat(html).contains("<h1 id=\"title\">&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; &amp; &quot;more&quot;</h1>");
        // placeholders are substituted in the template only, never inside the data
        assertThat(count(html, "{{")).isEqualTo(1);
        assertThat(html).contains("{{title}}\\\\u003c");

        Map<?, ?> data = data(html);
        assertThat(strings(data.get("strings"))).contains("all", "app.Main.main", HOSTILE_CLASS + "." + HOSTILE_METHOD, "[</script> \"thread\"]");
        assertThat(data.get("title")).isEqualTo("<script>alert('title')</script> & \"more\"");
        assertThat(strings(data.get("warnings"))).containsExactly("</script><img src=x onerror=alert(2)>");
    }

    @Test
    void callTreeInPreOrderWithInternedNamesAndCategories() {
        Profile profile = new ProfileFixture(ValueType.SAMPLES, ValueType.CPU_TIME)
                .sample("t", ThreadState.RUNNABLE, "[t];app.Main.main;java.util.HashMap.get;app.Main.main", 4, 40)
                .sample("t", ThreadState.RUNNABLE, "[t];app.Main.main#interpreted;java.util.HashMap.get", 2, 20)
                .sample("t", ThreadState.RUNNABLE, "[t];app.Main.main;Java_java_io_read#native;do_syscall_64#kernel", 1, 10)
                .build();
        Map<?, ?> data = data(render(writer, profile, RenderOptions.defaults().withValue("cpu")));
        assertThat(data.get("total")).isEqualTo(70L);
        assertThat((Map<?, ?>) data.get("value")).isEqualTo(Map.of("name", "cpu", "unit", "nanoseconds"));
        Map<?, ?> nodes = (Map<?, ?>) data.get("nodes");
        List<?> strings = (List<?>) data.get("strings");
        List<String> names = new ArrayList<>();
        for (long id : (long[]) nodes.get("name")) names.add((String) strings.get((int) id));
        // app.Main.main compiled and interpreted are drawn as one box
        assertThat(names).containsExactly("all", "[t]", "app.Main.main", "Java_java_io_read", "do_syscall_64",
                "java.util.HashMap.get", "app.Main.main");
        assertThat(strings).hasSize(6);
        assertThat((long[]) nodes.get("depth")).containsExactly(0, 1, 2, 3, 4, 3, 4);
        assertThat((long[]) nodes.get("total")).containsExactly(70, 70, 70, 10, 10, 60, 40);
        assertThat((long[]) nodes.get("self")).containsExactly(0, 0, 0, 0, 10, 20, 40);
        List<String> categories = new ArrayList<>();
        for (long c : (long[]) nodes.get("category")) categories.add(FlameGraphWriter.CATEGORIES.get((int) c));
        assertThat(categories).containsExactly("root", "synthetic", "app", "native", "kernel", "jdk", "app");
    }

    @Test
    void selfContained() {
        String html = render(writer, hostile(), RenderOptions.defaults());
        assertThat(html).startsWith("<!DOCTYPE html>");
        assertThat(html).doesNotContainPattern("(?i)(src|href)\\s*=\\s*[\"']?(https?:)?//");
        assertThat(html).doesNotContain("http://", "https://", "@import");
    }

    /** Runs the page's script in node against a stand-in DOM: it must load, draw, search and zoom. */
    @Test
    void pageScriptRuns(@TempDir Path dir) throws Exception {
        assumeTrue(nodeAvailable(), "node is not installed");
        Profile profile = new ProfileFixture(ValueType.SAMPLES)
                .sample("t", ThreadState.RUNNABLE, "app.Main.main;app.Foo.work;app.Foo.compute", 6)
                .sample("t", ThreadState.RUNNABLE, "app.Main.main;app.Bar.idle", 2)
                .sample("t", ThreadState.RUNNABLE, "app.Main.main;app.Foo.work", 2)
                .build();
        String html = render(writer, profile, RenderOptions.defaults());
        Matcher data = DATA.matcher(html);
        assertThat(data.find()).isTrue();
        int scriptStart = html.indexOf("<script>") + "<script>".length();
        String script = html.substring(scriptStart, html.indexOf("</script>", scriptStart));

        String harness = """
                const drawn = [];
                function element(id) {
                  return { id: id, textContent: '', hidden: false, disabled: false, style: {}, listeners: {}, value: '',
                    classList: { add() {}, remove() {} }, parentNode: { clientWidth: 1024 },
                    addEventListener(type, f) { this.listeners[type] = f; }, appendChild() {}, append() {}, replaceChildren() {},
                    getBoundingClientRect() { return { left: 0, top: 0 }; }, offsetWidth: 100, offsetHeight: 20,
                    getContext() { return context; } };
                }
                const context = { setTransform() {}, clearRect() {}, fillRect() {}, strokeRect() {},
                  measureText(t) { return { width: 7 * t.length }; }, fillText(t) { drawn.push(t); } };
                const elements = {};
                globalThis.document = { getElementById(id) { return elements[id] || (elements[id] = element(id)); },
                  createElement() { return element(''); }, createTextNode() { return {}; }, addEventListener() {},
                  body: { scrollHeight: 500 } };
                globalThis.window = { devicePixelRatio: 2, innerWidth: 1200, innerHeight: 800, addEventListener() {}, scrollTo() {} };
                document.getElementById('data').textContent = %s;
                %s
                const jprof = window.jprof;
                const result = {};
                result.drawn = drawn.slice();
                result.summary = document.getElementById('summary').textContent;
                result.fooShare = jprof.search('app\\\\.Foo');
                result.matched = document.getElementById('matched').textContent;
                result.invalid = jprof.search('(');
                // depth 2 holds app.Bar.idle (a fifth, leftmost: sorted by name) then app.Foo.work; maxDepth 3, flame layout
                document.getElementById('canvas').listeners.click({ clientX: 300, clientY: 18 * (3 - 2) + 2 });
                result.zoomed = jprof.state.zoom.name;
                jprof.setInverted(true);
                result.invertLabel = document.getElementById('invert').textContent;
                console.log(JSON.stringify(result));
                """.formatted(JsonText.quote(data.group(1)), script);
        Path file = dir.resolve("page.js");
        Files.writeString(file, harness);
        Process node = new ProcessBuilder("node", file.toString()).redirectErrorStream(true).start();
        assertThat(node.waitFor(20, TimeUnit.SECONDS)).isTrue();
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(node.exitValue()).as(output).isZero();

        Map<?, ?> result = (Map<?, ?>) JsonParser.parse(output, "node");
        assertThat(strings(result.get("drawn"))).contains("all", "app.Main.main", "app.Foo.work", "app.Foo.compute");
        assertThat(result.get("summary")).isEqualTo("samples: 10 samples in 4 call-tree nodes");
        assertThat(result.get("fooShare")).isEqualTo(0.8);
        assertThat(result.get("matched")).isEqualTo("matched: 80.00%");
        assertThat(result.get("invalid")).isNull();
        assertThat(result.get("zoomed")).isEqualTo("app.Foo.work");
        assertThat(result.get("invertLabel")).isEqualTo("Flame");
    }

    /** Opens the page in headless Chromium, when installed: it must draw, search, zoom and show a tooltip. */
    @Test
    void opensInARealBrowser(@TempDir Path dir) throws Exception {
        String browser = browser();
        if (System.getenv("CI") != null) {
            assertThat(browser).as("CI installs chromium (.ci/run): the page must be checked in a real browser").isNotNull();
        }
        assumeTrue(browser != null, "no chromium to open the page with");
        Profile profile = new ProfileFixture(ValueType.SAMPLES)
                .sample("t", ThreadState.RUNNABLE, "app.Main.main;app.Foo.work;app.Foo.compute", 6)
                .sample("t", ThreadState.RUNNABLE, "app.Main.main;app.Bar.idle", 2)
                .sample("t", ThreadState.RUNNABLE, "app.Main.main;app.Foo.work", 2)
                .attribute("title", "</title><b>bold</b>")
                .build();
        String html = render(writer, profile, RenderOptions.defaults());
        String errors = "<script>window.errors = []; window.addEventListener('error', function (e) { window.errors.push(String(e.message)); });</script>";
        String probe = """
                <script>
                (function () {
                  var j = window.jprof, out = { errors: window.errors };
                  var canvas = document.getElementById('canvas'), rect = canvas.getBoundingClientRect();
                  out.canvasDrawn = canvas.width > 0 && rect.height === 4 * 18;
                  canvas.dispatchEvent(new MouseEvent('mousemove', { clientX: rect.left + 5, clientY: rect.bottom - 5, bubbles: true }));
                  out.tooltip = document.getElementById('tooltip').textContent;
                  out.tooltipShown = !document.getElementById('tooltip').hidden;
                  out.share = j.search('app[.]Foo');
                  out.matched = document.getElementById('matched').textContent;
                  canvas.dispatchEvent(new MouseEvent('click', { clientX: rect.right - 5, clientY: rect.bottom - 18 * 2 - 5, bubbles: true }));
                  out.zoom = j.state.zoom.name;
                  out.resetEnabled = !document.getElementById('reset').disabled;
                  out.title = document.title;
                  var pre = document.createElement('pre');
                  pre.id = 'probe';
                  pre.textContent = JSON.stringify(out);
                  document.body.appendChild(pre);
                })();
                </script>
                """;
        Path page = dir.resolve("page.html");
        Files.writeString(page, html.replace("<head>", "<head>" + errors).replace("</body>", probe + "</body>"));
        Process chromium = new ProcessBuilder(browser, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + dir.resolve("profile"), "--window-size=1000,600", "--dump-dom", page.toUri().toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String dom = new String(chromium.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!chromium.waitFor(60, TimeUnit.SECONDS)) chromium.destroyForcibly();
        assertThat(dom).as("chromium opened the page").contains("<html");

        Matcher matcher = Pattern.compile("<pre id=\"probe\">(.*?)</pre>", Pattern.DOTALL).matcher(dom);
        assertThat(matcher.find()).as(dom).isTrue();
        String text = matcher.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&");
        Map<?, ?> result = (Map<?, ?>) JsonParser.parse(text, "probe");
        assertThat((List<?>) result.get("errors")).isEmpty();
        assertThat(result.get("canvasDrawn")).isEqualTo(true);
        assertThat(result.get("tooltipShown")).isEqualTo(true);
        assertThat(result.get("tooltip")).isEqualTo("all10 samples (100.00%)");
        assertThat(result.get("share")).isEqualTo(0.8);
        assertThat(result.get("matched")).isEqualTo("matched: 80.00%");
        assertThat(result.get("zoom")).isEqualTo("app.Foo.work");
        assertThat(result.get("resetEnabled")).isEqualTo(true);
        assertThat(result.get("title")).isEqualTo("</title><b>bold</b>");
    }

    private static String browser() {
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            try {
                Process p = new ProcessBuilder(name, "--version").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0) return name;
            } catch (Exception e) {
                // not installed under this name
            }
        }
        return null;
    }

    private static Map<?, ?> data(String html) {
        Matcher matcher = DATA.matcher(html);
        assertThat(matcher.find()).isTrue();
        try {
            return (Map<?, ?>) JsonParser.parse(matcher.group(1), "data");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] readTemplate() {
        try (var in = FlameGraphWriter.class.getResourceAsStream("flamegraph.html")) {
            return in.readAllBytes();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> strings(Object list) {
        List<String> strings = new ArrayList<>();
        for (Object o : (List<?>) list) strings.add((String) o);
        return strings;
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) count++;
        return count;
    }

    private static boolean nodeAvailable() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
