package dev.jprof.capture.request;

import dev.jprof.agent.request.RequestSession;
import dev.jprof.agent.request.TriggerSignature;
import dev.jprof.capture.BundledFile;
import dev.jprof.capture.FolderRemoval;
import dev.jprof.capture.attach.AttachException;
import dev.jprof.capture.attach.JvmConnection;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Profiles the requests you send to a running server, like {@code blackfire curl}: {@link #attach} loads jprof's
 * agent into the server's JVM (which hooks its request entry points), {@link #send} sends a request with a
 * signed trigger, so that this request alone is profiled, {@link #finish} ends the session (the server's classes
 * get their original code back) and reads what was measured. Closing removes the session's files.
 */
public final class RequestProfiler implements AutoCloseable {
    /** How long a trigger stays valid once signed. */
    static final long TRIGGER_SECONDS = 60;
    private final long pid;
    private final RequestKey key;
    private final RequestSettings settings;
    private final Path dir;
    private final HttpClient client;
    private final SecureRandom random = new SecureRandom();
    private final List<SentRequest> sent = new ArrayList<>();
    private boolean stopped;

    private RequestProfiler(long pid, RequestKey key, RequestSettings settings, Path dir) {
        this.pid = pid;
        this.key = key;
        this.settings = settings;
        this.dir = dir;
        this.client = HttpClient.newBuilder().connectTimeout(settings.requestTimeout()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * Arms request profiling in the JVM with this pid.
     *
     * @throws AttachException with one line for the user when the JVM cannot be attached to
     * @throws IOException     when the key is unsafe or the agent refused to start (its line on the server's stderr says why)
     */
    public static RequestProfiler attach(long pid, RequestSettings settings) throws AttachException, IOException {
        RequestKey key = RequestKey.loadOrCreate(settings.keyFile());
        Path dir = Files.createTempDirectory("jprof-request-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        RequestProfiler profiler = new RequestProfiler(pid, key, settings, dir);
        try (JvmConnection jvm = JvmConnection.open(pid)) {
            jvm.loadAgent(BundledFile.AGENT.path(), profiler.startOptions());
        } catch (AttachException | IOException | RuntimeException e) {
            FolderRemoval.remove(dir);
            throw e;
        }
        if (!Files.exists(dir.resolve(RequestSession.ARMED))) {
            FolderRemoval.remove(dir);
            throw new IOException("jprof's agent did not start profiling requests in JVM " + pid + " (its stderr says why)");
        }
        return profiler;
    }

    private String startOptions() {
        for (String path : List.of(key.file().toString(), dir.toString())) {
            if (path.contains(",")) throw new IllegalArgumentException("jprof cannot pass a path with a ',' to the agent: " + path);
        }
        StringBuilder options = new StringBuilder("request=start,max=").append(settings.maxRequests())
                .append(",timeout=").append(settings.sessionTimeout().toNanos());
        if (!settings.trace()) options.append(",trace=false");
        if (!settings.include().isEmpty()) options.append(",include=").append(String.join(";", settings.include()));
        if (!settings.exclude().isEmpty()) options.append(",exclude=").append(String.join(";", settings.exclude()));
        return options.append(",key=").append(key.file()).append(",dir=").append(dir).toString();
    }

    /** A fresh trigger for this request, valid for a minute. */
    public String trigger(String method, URI uri) {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        return trigger(method, uri, System.currentTimeMillis() / 1000 + TRIGGER_SECONDS, HexFormat.of().formatHex(nonce));
    }

    /** A trigger with this expiry (epoch seconds) and nonce: for tests of what the agent refuses. */
    public String trigger(String method, URI uri, long expirySeconds, String nonce) {
        return TriggerSignature.sign(key.secret(), method, path(uri), expirySeconds, nonce);
    }

    static String path(URI uri) {
        String path = uri.getRawPath();
        return path == null || path.isEmpty() ? "/" : path;
    }

    /** Sends the request with a new trigger and waits for the whole response. */
    public SentRequest send(HttpRequest request) throws IOException, InterruptedException {
        if (stopped) throw new IllegalStateException("the session has ended");
        String trigger = trigger(request.method(), request.uri());
        HttpRequest signed = HttpRequest.newBuilder(request, (name, value) -> !name.equalsIgnoreCase(TriggerSignature.HEADER))
                .header(TriggerSignature.HEADER, trigger).timeout(settings.requestTimeout()).build();
        long start = System.nanoTime();
        HttpResponse<byte[]> response = client.send(signed, HttpResponse.BodyHandlers.ofByteArray());
        long nanos = System.nanoTime() - start;
        String nonce = trigger.split(":")[2];
        SentRequest result = new SentRequest(sent.size() + 1, request.method(), request.uri(), nonce, response.statusCode(),
                response.body().length, nanos);
        sent.add(result);
        return result;
    }

    public List<SentRequest> sent() {
        return List.copyOf(sent);
    }

    public long pid() {
        return pid;
    }

    /** Ends the session in the server (classes restored, sampler and timer stopped) and reads what it measured. */
    public RequestResults finish() throws AttachException, IOException {
        stop();
        return RequestResults.read(dir);
    }

    private void stop() throws AttachException, IOException {
        if (stopped) return;
        stopped = true;
        try (JvmConnection jvm = JvmConnection.open(pid)) {
            jvm.loadAgent(BundledFile.AGENT.path(), "request=stop,dir=" + dir);
        }
    }

    /** Ends the session if {@link #finish} did not, and deletes its files. */
    @Override
    public void close() throws IOException {
        try {
            stop();
        } catch (AttachException | IOException e) {
            // the server went away, or the agent's timeout ends the session
        } finally {
            FolderRemoval.remove(dir);
        }
    }
}
