package dev.jprof.cli;

import dev.jprof.capture.request.KeptRequests;
import dev.jprof.capture.request.RequestProfiles;
import dev.jprof.capture.request.RequestResults;
import dev.jprof.capture.request.RequestRun;
import dev.jprof.capture.request.SampledStack;
import dev.jprof.capture.request.SqlStatement;
import dev.jprof.model.FrameKind;
import dev.jprof.model.ThreadState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code jprof serve DIR} over a folder of kept request profiles (written the way {@code record --requests} writes them):
 * the page lists them and opens a diff of two, driven in headless Chromium; requests without the token get 403.
 */
class ServeIT {
    private final HttpClient client = HttpClient.newHttpClient();
    @TempDir
    Path work;

    @Test
    void listsTheKeptProfilesOpensOneAndADiffAndRefusesRequestsWithoutTheToken() throws Exception {
        Path dir = Files.createDirectory(work.resolve("profiles"));
        KeptRequests kept = new KeptRequests(dir, 10, 1 << 20);
        long start = 1_780_000_000_000L;
        kept.keep(profile(start, "/orders", "id=?", 200, 700_000_000L, 3));
        kept.keep(profile(start + 60_000, "/orders", "id=?", 200, 1_400_000_000L, 9));
        kept.keep(profile(start + 120_000, "/cart", "", 500, 2_100_000_000L, 0));
        Files.writeString(dir.resolve("notes.txt"), "not a profile");

        Process serve = new ProcessBuilder(Jprof.java17(), "-jar", Jprof.JAR.toAbsolutePath().toString(), "serve", dir.toString())
                .redirectError(work.resolve("serve.err").toFile()).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertThat(line).as(Files.readString(work.resolve("serve.err"))).startsWith("jprof: serving the profiles of " + dir + " at http://127.0.0.1:");
            URI page = URI.create(line.replaceAll(".* at (http://\\S+) .*", "$1"));
            URI root = page.resolve("/");

            assertThat(status(root)).isEqualTo(403);
            assertThat(status(root.resolve("/0123456789abcdef0123456789abcdef/"))).isEqualTo(403);
            assertThat(status(root.resolve("/view?f=" + Files.list(dir).findFirst().orElseThrow().getFileName()))).isEqualTo(403);
            assertThat(status(page.resolve("view?f=..%2Fserve.err"))).isEqualTo(404);
            assertThat(status(page.resolve("view?f=notes.txt"))).isEqualTo(404);
            assertThat(status(page)).isEqualTo(200);

            DevToolsBrowser browser = DevToolsBrowser.launch(work);
            assumeTrue(browser != null, "chromium is not installed");
            try (browser) {
                browser.open(page.toString());
                browser.waitUntil("document.readyState === 'complete' && document.querySelectorAll('#profiles tr.profile').length > 0");
                List<?> rows = DevToolsBrowser.list(browser.evaluate(
                        "[...document.querySelectorAll('#profiles tr.profile')].map(r => [...r.cells].slice(1, 6).map(c => c.textContent).join(' | '))"));
                assertThat(rows).hasSize(3);
                assertThat(rows.get(0)).isEqualTo("GET /cart | 500 | 2.10 s | 1.00 s | 0");
                assertThat(rows.get(1)).isEqualTo("GET /orders?id=? | 200 | 1.40 s | 1.00 s | 9");
                assertThat(rows.get(2)).isEqualTo("GET /orders?id=? | 200 | 700.00 ms | 1.00 s | 3");

                // open one in the viewer, then back
                browser.evaluate("document.querySelector('#profiles tr.profile a').click(); true");
                browser.waitUntil("location.href.includes('/view?f=') && document.readyState === 'complete' && !!document.getElementById('summary')");
                assertThat((String) browser.evaluate("document.title")).contains("/cart");
                browser.evaluate("history.back(); true");
                browser.waitUntil("document.readyState === 'complete' && document.querySelectorAll('#profiles tr.profile').length === 3");

                // pick the two /orders profiles and compare
                browser.evaluate("const b = [...document.querySelectorAll('input[name=pick]')]; b[1].click(); b[2].click();"
                        + " document.getElementById('compare').click(); true");
                browser.waitUntil("location.href.includes('/diff?') && document.readyState === 'complete' && !!document.getElementById('legend')");
                Map<?, ?> diff = (Map<?, ?>) browser.evaluate("({title: document.title, href: location.href, legend: document.getElementById('legend').textContent,"
                        + " errors: window.errors || []})");
                assertThat((String) diff.get("legend")).startsWith("grew");
                assertThat((String) diff.get("title")).contains(" vs ");
                // the older (1 s less) is the baseline
                String href = (String) diff.get("href");
                assertThat(href.indexOf("a=" + fileName(dir, start))).isPositive();
                assertThat(href.indexOf("b=" + fileName(dir, start + 60_000))).isPositive();
            }
        } finally {
            serve.destroy();
            serve.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String fileName(Path dir, long startMillis) throws Exception {
        String stamp = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss.SSS").withZone(java.time.ZoneOffset.UTC)
                .format(java.time.Instant.ofEpochMilli(startMillis));
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(stamp)).findFirst().orElseThrow();
        }
    }

    private int status(URI uri) throws Exception {
        return client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** A request's profile as slow-request capture keeps it: time in Dao.query growing with the statements run. */
    private static dev.jprof.model.Profile profile(long startMillis, String path, String query, int status, long wallNanos, int statements) {
        List<SampledStack.Frame> handle = List.of(new SampledStack.Frame("com.example.Api", "handle", 10, FrameKind.COMPILED));
        List<SampledStack.Frame> dao = List.of(handle.get(0), new SampledStack.Frame("com.example.Dao", "query", 20, FrameKind.COMPILED));
        List<SampledStack> samples = List.of(new SampledStack(handle, ThreadState.RUNNABLE, 300_000_000L, null),
                new SampledStack(dao, ThreadState.RUNNABLE, 700_000_000L, null));
        List<SqlStatement> sql = statements == 0 ? List.of() : List.of(new SqlStatement("SELECT * FROM orders WHERE id = ?", statements, statements * 1_000_000L));
        long startNanos = startMillis * 1_000_000;
        RequestRun run = new RequestRun(0, "slow-1", "GET", path, 31, "worker-1", startNanos, startNanos + wallNanos, wallNanos,
                1_000_000_000L, 4096, sql, List.of(), samples, status, query, false);
        RequestResults results = new RequestResults(List.of(run), Map.of(), "jfr-execution-sample", 1_000_000, Map.of());
        return RequestProfiles.ofRequest(results, run);
    }
}
