package dev.jprof.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.jprof.capture.ProfileFiles;
import dev.jprof.model.Attributes;
import dev.jprof.model.Profile;
import dev.jprof.render.RenderOptions;
import dev.jprof.render.html.FlameGraphWriter;
import dev.jprof.transform.Diff;
import dev.jprof.transform.View;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * A local web page over a folder of profiles (those {@code record --requests} keeps, or any jprof JSON files): the list
 * with each request's URL, status, wall time and date, each profile in jprof's HTML viewer, any two as a diff. It listens
 * on 127.0.0.1 only, and every page is under a random token ({@code http://127.0.0.1:PORT/TOKEN/}): any other request
 * gets 403. Only files of the folder's listing are served, by name.
 */
public final class ProfileServer implements AutoCloseable {
    private final Path dir;
    private final String token;
    private final HttpServer server;

    private ProfileServer(Path dir, String token, HttpServer server) {
        this.dir = dir;
        this.token = token;
        this.server = server;
    }

    /** Serves {@code dir} on 127.0.0.1 and this port (0: a free one). */
    public static ProfileServer start(Path dir, int port) throws IOException {
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        ProfileServer server = new ProfileServer(dir, HexFormat.of().formatHex(random), http);
        http.createContext("/", server::handle);
        http.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "jprof-serve");
            t.setDaemon(true);
            return t;
        }));
        http.start();
        return server;
    }

    /** The page's address, token included. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + token + "/");
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            String prefix = "/" + token + "/";
            boolean allowed = path.length() >= prefix.length()
                    && MessageDigest.isEqual(path.substring(0, prefix.length()).getBytes(StandardCharsets.UTF_8), prefix.getBytes(StandardCharsets.UTF_8));
            if (!allowed) {
                send(exchange, 403, "text/plain", "forbidden: this page needs the address jprof serve printed\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (!exchange.getRequestMethod().equals("GET")) {
                send(exchange, 405, "text/plain", "only GET\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            try {
                switch (path.substring(prefix.length())) {
                    case "" -> send(exchange, 200, "text/html; charset=utf-8", ProfileListPage.html(dir, entries()).getBytes(StandardCharsets.UTF_8));
                    case "view" -> send(exchange, 200, "text/html; charset=utf-8", viewer(file(query.get("f"))));
                    case "diff" -> send(exchange, 200, "text/html; charset=utf-8", diff(file(query.get("a")), file(query.get("b"))));
                    default -> send(exchange, 404, "text/plain", "no such page\n".getBytes(StandardCharsets.UTF_8));
                }
            } catch (NotListed e) {
                send(exchange, 404, "text/plain", (e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
            } catch (IOException | RuntimeException e) {
                send(exchange, 500, "text/plain", ("cannot show it: " + e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    /** The folder's profiles, newest first, with what their attributes say. */
    List<ProfileListPage.Entry> entries() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(f -> f.getFileName().toString().endsWith(".json") && Files.isRegularFile(f)).sorted().toList();
        }
        List<ProfileListPage.Entry> entries = new java.util.ArrayList<>();
        for (int i = files.size() - 1; i >= 0; i--) {
            Path f = files.get(i);
            try {
                Profile p = ProfileFiles.read(f);
                entries.add(new ProfileListPage.Entry(f.getFileName().toString(), p.attribute(Attributes.REQUEST_METHOD),
                        p.attribute(Attributes.REQUEST_URL), p.attribute(Attributes.REQUEST_STATUS), number(p.attribute(Attributes.REQUEST_WALL_NANOS)),
                        number(p.attribute(Attributes.REQUEST_CPU_NANOS)), number(p.attribute(Attributes.REQUEST_SQL_COUNT)),
                        number(p.attribute(Attributes.START_MILLIS)), p.attribute(Attributes.TITLE)));
            } catch (IOException | RuntimeException e) {
                // a file that is no profile (or one being written) is left out of the list
            }
        }
        return entries;
    }

    private static long number(String text) {
        try {
            return text == null ? -1 : Long.parseLong(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static final class NotListed extends IOException {
        NotListed(String message) {
            super(message);
        }
    }

    /** A file of the folder by its bare name: nothing outside it, nothing but its .json files. */
    private Path file(String name) throws NotListed {
        if (name == null || name.isEmpty() || name.contains("/") || name.contains("\\") || name.startsWith(".") || !name.endsWith(".json")) {
            throw new NotListed("no such profile: " + name);
        }
        Path file = dir.resolve(name);
        if (!Files.isRegularFile(file)) throw new NotListed("no such profile: " + name);
        return file;
    }

    private static byte[] viewer(Path file) throws IOException {
        Profile profile = ProfileFiles.read(file);
        Profile shown = View.defaults().withThreads(true).withLines(false).apply(profile);
        String title = profile.attribute(Attributes.TITLE) != null ? profile.attribute(Attributes.TITLE) : file.getFileName().toString();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new FlameGraphWriter().render(shown, RenderOptions.defaults().withTitle(title), out);
        return out.toByteArray();
    }

    private static byte[] diff(Path baseline, Path current) throws IOException {
        View view = View.defaults().withThreads(true).withLines(false);
        Profile diff = Diff.of(view.apply(ProfileFiles.read(baseline)), view.apply(ProfileFiles.read(current)), null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new FlameGraphWriter().renderDiff(diff, 0, 1, baseline.getFileName() + " vs " + current.getFileName(), out);
        return out.toByteArray();
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> values = new HashMap<>();
        if (raw == null) return values;
        for (String part : raw.split("&")) {
            int eq = part.indexOf('=');
            if (eq > 0) values.put(URLDecoder.decode(part.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return values;
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
