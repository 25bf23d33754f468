package dev.jprof.cli;

import dev.jprof.capture.json.JsonParser;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Headless Chromium driven over the DevTools protocol (the JDK's WebSocket client), for pages a live server serves:
 * open a URL, evaluate JavaScript in it (clicks included) and read the result. Files on disk are probed by the core
 * tests' Chromium helper instead; this one is for pages that cannot be rewritten before they load.
 */
final class DevToolsBrowser implements AutoCloseable {
    private final Process process;
    private final WebSocket socket;
    private final Map<Integer, CompletableFuture<Map<?, ?>>> replies = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private String session;

    private DevToolsBrowser(Process process, WebSocket socket) {
        this.process = process;
        this.socket = socket;
    }

    /** Chromium at /usr/bin/chromium, or null when it is not installed (under CI it must be). */
    static DevToolsBrowser launch(Path work) throws Exception {
        Path chromium = Path.of("/usr/bin/chromium");
        if (!Files.isExecutable(chromium)) {
            assertThat(System.getenv("CI")).as("CI installs chromium (.ci/run)").isNull();
            return null;
        }
        Process process = new ProcessBuilder(chromium.toString(), "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--remote-debugging-port=0",
                "--user-data-dir=" + Files.createTempDirectory(work, "chromium-profile"), "about:blank")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
        String line;
        String ws = null;
        while ((line = err.readLine()) != null) {
            int at = line.indexOf("ws://");
            if (line.contains("DevTools listening on") && at >= 0) {
                ws = line.substring(at).trim();
                break;
            }
        }
        assertThat(ws).as("chromium's DevTools address").isNotNull();
        Thread drain = new Thread(() -> {
            try {
                while (err.readLine() != null) {
                    // keep the pipe from filling
                }
            } catch (IOException e) {
                // gone
            }
        });
        drain.setDaemon(true);
        drain.start();
        DevToolsBrowser[] browser = new DevToolsBrowser[1];
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(ws), new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    browser[0].received(text.toString());
                    text.setLength(0);
                }
                webSocket.request(1);
                return null;
            }
        }).get(30, TimeUnit.SECONDS);
        browser[0] = new DevToolsBrowser(process, socket);
        return browser[0];
    }

    private void received(String message) {
        try {
            Map<?, ?> m = (Map<?, ?>) JsonParser.parse(message, "devtools");
            Object id = m.get("id");
            if (id instanceof Number n) {
                CompletableFuture<Map<?, ?>> reply = replies.remove(n.intValue());
                if (reply != null) reply.complete(m);
            }
        } catch (Exception e) {
            // events we do not read
        }
    }

    private Map<?, ?> call(String method, String params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<Map<?, ?>> reply = new CompletableFuture<>();
        replies.put(id, reply);
        String message = "{\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params
                + (session == null ? "" : ",\"sessionId\":\"" + session + "\"") + "}";
        socket.sendText(message, true).get(30, TimeUnit.SECONDS);
        Map<?, ?> m = reply.get(60, TimeUnit.SECONDS);
        assertThat(m.get("error")).as("%s failed", method).isNull();
        return (Map<?, ?>) m.get("result");
    }

    /** Opens this URL in a new tab, which later calls evaluate in. */
    void open(String url) throws Exception {
        Map<?, ?> target = call("Target.createTarget", "{\"url\":" + quote(url) + "}");
        Map<?, ?> attached = call("Target.attachToTarget", "{\"targetId\":" + quote((String) target.get("targetId")) + ",\"flatten\":true}");
        session = (String) attached.get("sessionId");
    }

    /** The value of this expression in the open page (promises awaited), as JSON-like Java values. */
    Object evaluate(String expression) throws Exception {
        Map<?, ?> result = call("Runtime.evaluate", "{\"expression\":" + quote(expression) + ",\"returnByValue\":true,\"awaitPromise\":true}");
        assertThat(result.get("exceptionDetails")).as("evaluating %s", expression).isNull();
        return ((Map<?, ?>) result.get("result")).get("value");
    }

    /** Waits until this expression is true in the open page (across navigations). */
    void waitUntil(String expression) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < end) {
            try {
                if (Boolean.TRUE.equals(evaluate(expression))) return;
            } catch (AssertionError navigating) {
                // the page is between two documents
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the page never had " + expression + "; it shows: " + evaluate("location.href + ' ' + document.title"));
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> {
                    if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
                    else out.append(c);
                }
            }
        }
        return out.append('"').toString();
    }

    @Override
    public void close() throws InterruptedException {
        socket.abort();
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
        process.descendants().forEach(ProcessHandle::destroyForcibly);
    }

    static List<?> list(Object value) {
        return (List<?>) value;
    }
}
