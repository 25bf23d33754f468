package dev.jprof.cli;

import dev.jprof.output.OutputFile;
import dev.jprof.capture.attach.AttachException;
import dev.jprof.capture.request.RequestProfiler;
import dev.jprof.capture.request.RequestProfiles;
import dev.jprof.capture.request.RequestResults;
import dev.jprof.capture.request.RequestRun;
import dev.jprof.capture.request.RequestSettings;
import dev.jprof.capture.request.SentRequest;
import dev.jprof.model.Profile;
import dev.jprof.render.Format;
import dev.jprof.render.RenderOptions;
import dev.jprof.render.Renderer;
import dev.jprof.transform.View;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "request", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Profile one web request on demand (like blackfire curl): send it to a running server with a signed",
                "trigger, and profile exactly that request: its thread, from entry to the end of its response.",
                "Prints its wall and CPU time, allocations, SQL statements, traced calls and sampled stacks."},
        footer = {"", "Servers: the JDK's com.sun.net.httpserver, Jakarta and javax Servlet containers (Jetty, Tomcat, Spring MVC).",
                "The trigger is an HMAC-SHA256 under a secret in ~/.jprof/request.key (created on first use, 0600);",
                "requests with a missing, wrong, expired or replayed trigger are served as usual and never profiled.",
                "", "Examples:",
                "  jprof request --pid 4242 http://127.0.0.1:8080/orders?id=7 -o orders.html",
                "  jprof request --pid 4242 -X POST -H 'Content-Type: application/json' -d @body.json --repeat 10 http://127.0.0.1:8080/api/cart -o cart.json"})
public final class RequestCommand implements Callable<Integer> {
    @Option(names = {"-p", "--pid"}, required = true, paramLabel = "PID", description = "The server's JVM (started without jprof).")
    long pid;

    @Option(names = {"-X", "--request"}, paramLabel = "METHOD", description = "HTTP method (default GET; POST with -d).")
    String method;

    @Option(names = {"-H", "--header"}, paramLabel = "'NAME: VALUE'", description = "A request header (repeatable).")
    List<String> headers = new ArrayList<>();

    @Option(names = {"-d", "--data"}, paramLabel = "DATA", description = "The request body, or @FILE to send a file's content.")
    String data;

    @Option(names = {"-n", "--repeat"}, paramLabel = "N", defaultValue = "1",
            description = "Send the request N times and aggregate the runs; the first is shown apart (warm-up).")
    int repeat;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the profile here (html, json, collapsed, tree, table, pprof, speedscope from the extension).")
    Path output;

    @Option(names = {"-I", "--include"}, paramLabel = "PATTERN",
            description = "Trace these methods (repeatable; default: every class not the JDK's or the server's).")
    List<String> include = new ArrayList<>();

    @Option(names = "--exclude", paramLabel = "PATTERN", description = "Do not trace these methods (repeatable).")
    List<String> exclude = new ArrayList<>();

    @Option(names = "--no-trace", description = "Sampling only: leave the application's classes uninstrumented.")
    boolean noTrace;

    @Option(names = "--timeout", paramLabel = "TIME", converter = DurationConverter.class, defaultValue = "60s",
            description = "Give up on a response after this long (default 60s).")
    Duration timeout;

    @Option(names = "--key", paramLabel = "FILE", description = "The secret that signs the trigger (default ~/.jprof/request.key).")
    Path key;

    @Parameters(paramLabel = "URL", description = "The request's URL (http or https).")
    String url;

    @Override
    public Integer call() throws Exception {
        URI uri = uri();
        if (repeat < 1 || repeat > 1000) throw new UserError("--repeat must be between 1 and 1000");
        if (timeout.isNegative() || timeout.isZero()) throw new UserError("--timeout must be positive");
        String verb = method != null ? method.trim().toUpperCase(Locale.ROOT) : data != null ? "POST" : "GET";
        if (!verb.matches("[A-Z]+")) throw new UserError("bad method '" + method + "'");
        HttpRequest request = request(uri, verb);
        Format format = output == null ? null : Format.fromFileName(output.getFileName().toString())
                .orElseThrow(() -> new UserError("cannot tell the format of '" + output + "' from its extension (use .html, .json, .collapsed, ...)"));
        if (format == Format.JFR) throw new UserError("a request profile has no jfr output: use .html, .json or .collapsed");
        checkWritable();

        RequestSettings settings = RequestSettings.defaults().withMaxRequests(repeat).withRequestTimeout(timeout)
                .withSessionTimeout(timeout.multipliedBy(repeat).plusMinutes(2)).withPatterns(include, exclude);
        if (key != null) settings = settings.withKeyFile(key);
        if (noTrace) settings = settings.withTrace(false);
        RequestResults results;
        List<SentRequest> sent;
        try (RequestProfiler profiler = attach(settings)) {
            for (int i = 0; i < repeat; i++) send(profiler, request, uri);
            sent = profiler.sent();
            try {
                results = profiler.finish();
            } catch (AttachException e) {
                throw new UserError(e.getMessage());
            } catch (NoSuchFileException e) {
                throw new UserError("JVM " + pid + " wrote no request profiles (its stderr says why)");
            }
        }
        List<RequestRun> runs = matched(sent, results);
        System.out.print(RequestSummary.of(sent, runs, results));
        List<RequestRun> profiled = runs.stream().filter(r -> r != null).toList();
        if (profiled.isEmpty()) {
            System.err.println("jprof: warning: no request was profiled: the server may not run a supported server"
                    + " (com.sun.net.httpserver, Servlet), or the request did not reach it");
            return 1;
        }
        if (output != null) write(profile(results, profiled, uri), format);
        return 0;
    }

    private URI uri() {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new UserError("bad URL '" + url + "': " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) throw new UserError("bad URL '" + url + "': expected http:// or https://");
        if (uri.getHost() == null) throw new UserError("bad URL '" + url + "': no host");
        return uri;
    }

    private HttpRequest request(URI uri, String verb) throws IOException {
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();
        if (data != null) {
            if (data.startsWith("@")) {
                Path file = Path.of(data.substring(1));
                if (!Files.isRegularFile(file)) throw new UserError(file + ": no such file");
                body = HttpRequest.BodyPublishers.ofByteArray(Files.readAllBytes(file));
            } else {
                body = HttpRequest.BodyPublishers.ofString(data);
            }
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).method(verb, body);
        for (String header : headers) {
            int colon = header.indexOf(':');
            if (colon <= 0) throw new UserError("bad header '" + header + "' (expected 'Name: value')");
            try {
                builder.header(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
            } catch (IllegalArgumentException e) {
                throw new UserError("header '" + header + "' cannot be sent: " + e.getMessage());
            }
        }
        if (data != null && headers.stream().noneMatch(h -> h.toLowerCase(Locale.ROOT).startsWith("content-type:"))) {
            builder.header("Content-Type", "application/x-www-form-urlencoded");
        }
        return builder.build();
    }

    private RequestProfiler attach(RequestSettings settings) {
        try {
            return RequestProfiler.attach(pid, settings);
        } catch (AttachException | IOException | IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    private void send(RequestProfiler profiler, HttpRequest request, URI uri) throws InterruptedException {
        try {
            profiler.send(request);
        } catch (HttpConnectTimeoutException | ConnectException e) {
            throw new UserError("cannot connect to " + uri.getHost() + ":" + port(uri) + " (" + (e.getMessage() == null ? "connection refused" : e.getMessage()) + ")");
        } catch (HttpTimeoutException e) {
            throw new UserError("no response from " + uri + " within " + timeout.toSeconds() + " s");
        } catch (IOException e) {
            throw new UserError("request to " + uri + " failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    /** The profiled run of each sent request, by its trigger's nonce (null: not profiled). */
    static List<RequestRun> matched(List<SentRequest> sent, RequestResults results) {
        Map<String, RequestRun> byNonce = new HashMap<>();
        for (RequestRun r : results.runs()) byNonce.put(r.nonce(), r);
        List<RequestRun> runs = new ArrayList<>();
        for (SentRequest s : sent) runs.add(byNonce.get(s.nonce()));
        return runs;
    }

    private static Profile profile(RequestResults results, List<RequestRun> runs, URI uri) {
        String title = "jprof request " + runs.get(0).method() + " " + uri;
        if (runs.size() == 1) return RequestProfiles.of(results, List.of(runs), List.of("request"), title);
        return RequestProfiles.of(results, List.of(runs.subList(0, 1), runs.subList(1, runs.size())),
                List.of("run 1 (warm-up)", "runs 2-" + runs.size()), title);
    }

    private void checkWritable() throws IOException {
        if (output != null) OutputFile.check(output);
    }

    private void write(Profile profile, Format format) throws IOException {
        Profile shown = View.defaults().withThreads(true).withLines(false).apply(profile);
        RenderOptions options = RenderOptions.defaults().withTitle(profile.attribute(dev.jprof.model.Attributes.TITLE)).withValue("wall");
        Renderer renderer = Renderer.forFormat(format);
        OutputFile.write(output, out -> renderer.render(shown, options, out));
        System.err.println("jprof: wrote " + output + " (" + format.label() + "): " + profile.threadCount() + " views, "
                + profile.sampleCount() + " stacks");
    }
}
