package dev.jprof.render.html;

import dev.jprof.capture.json.JsonParser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Headless Chromium for tests: opens a page with a probe script appended, which runs after the page's
 * own scripts and writes its findings as JSON into {@code <pre id="probe">}; {@code --dump-dom} returns
 * the document once loaded. Errors thrown by the page are collected into the findings as "errors".
 */
final class Chromium {
    private static final Pattern PROBE = Pattern.compile("<pre id=\"probe\">(.*?)</pre>", Pattern.DOTALL);
    private static final String ERRORS = "<script>window.errors = []; window.addEventListener('error', function (e) {"
            + " window.errors.push(String(e.message)); });</script>";

    private final String command;
    private final Path work;

    private Chromium(String command, Path work) {
        this.command = command;
        this.work = work;
    }

    /** The installed browser, or null; under CI it must be there. */
    static Chromium find(Path work) {
        String found = null;
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            try {
                Process p = new ProcessBuilder(name, "--version").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    found = name;
                    break;
                }
            } catch (IOException | InterruptedException e) {
                // not installed under this name
            }
        }
        if (System.getenv("CI") != null) {
            assertThat(found).as("CI installs chromium (.ci/run): the page must be checked in a real browser").isNotNull();
        }
        return found == null ? null : new Chromium(found, work);
    }

    /**
     * Opens the page with {@code probe} (JavaScript setting {@code out.name = value}) run after the page's scripts;
     * returns {@code out} with the page's errors as "errors".
     */
    Map<?, ?> probe(String html, String probe) throws IOException, InterruptedException {
        String script = "<script>(function () { var out = {}; try {\n" + probe + "\n} catch (e) { out.probeError = String(e && e.stack || e); }"
                + " out.errors = window.errors; var pre = document.createElement('pre'); pre.id = 'probe';"
                + " pre.textContent = JSON.stringify(out); document.body.appendChild(pre); })();</script>";
        int end = html.lastIndexOf("</body>");
        String page = html.replaceFirst("<head>", "<head>" + ERRORS).substring(0, end + ERRORS.length()) + script
                + html.substring(end);
        Path file = Files.createTempFile(work, "page", ".html");
        Files.writeString(file, page);
        String dom = run(List.of("--dump-dom", file.toUri().toString()));
        Matcher matcher = PROBE.matcher(dom);
        assertThat(matcher.find()).as("the probe ran; page as dumped:\n%s", dom.length() > 4000 ? dom.substring(0, 4000) : dom).isTrue();
        String text = matcher.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&");
        Map<?, ?> out = (Map<?, ?>) JsonParser.parse(text, "probe");
        assertThat(out.get("probeError")).as("probe error").isNull();
        return out;
    }

    /** Takes a PNG of the page as a window of this size. */
    void screenshot(Path page, Path png, int width, int height) throws IOException, InterruptedException {
        Files.createDirectories(png.getParent());
        run(List.of("--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height, "--hide-scrollbars",
                page.toUri().toString()));
    }

    private String run(List<String> arguments) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(command, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + Files.createTempDirectory(work, "chromium-profile")));
        if (arguments.stream().noneMatch(a -> a.startsWith("--window-size="))) cmd.add("--window-size=1200,800");
        cmd.addAll(arguments);
        Process chromium = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(chromium.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!chromium.waitFor(90, TimeUnit.SECONDS)) {
            chromium.destroyForcibly();
            throw new AssertionError("chromium did not finish in 90 s");
        }
        return out;
    }
}
