package dev.jprof.agent.request;

import dev.jprof.agent.AgentLog;
import dev.jprof.agent.trace.ScopedTracing;

import java.io.IOException;
import java.io.Writer;
import java.lang.instrument.Instrumentation;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One armed period of request profiling in this JVM, loaded through attach by {@code jprof request}: the
 * entry points and JDBC hooked, the tracer ready for the threads of profiled requests, the sampler running.
 * It ends when told ({@code request=stop}) or after its timeout, whichever comes first; then every changed
 * class gets its original code back, the sampler stops, its timer ends, and the results are written.
 *
 * <p>Watching ({@code request=watch}, at launch or through attach by {@code jprof record --requests}) measures every
 * request without a trigger, at the cost of a few clock reads: the sampler runs all along, each request marks its
 * window, and only a request that ends slower than the threshold commits its window and is kept; the kept ones are
 * written every {@code flush} as a batch, a folder {@code batch-PID-N} in {@code dir} holding the results and the sampler's
 * recording so far. Watching ends when told, when {@code dir} is gone (no one reads the batches), or with the JVM.
 * A batch, as the results of a triggered session:
 *
 * <pre>
 * jprof-requests	1
 * counter	NAME	N                       (forged, expired, replayed, over-limit; watching: dropped)
 * sampling	ENGINE	INTERVAL_NS	FILE
 * method	ID	CLASS	NAME	DESCRIPTOR	FILE	LINE
 * request	INDEX	NONCE	METHOD	PATH	THREAD_ID	THREAD_NAME	START_EPOCH_NS	END_EPOCH_NS	WALL_NS	CPU_NS	ALLOCATED_BYTES	STATUS	QUERY
 * sql	INDEX	COUNT	TOTAL_NS	TEXT
 * node	INDEX	NODE	PARENT	METHOD	CALLS	TIME_NS
 * </pre>
 */
public final class RequestSession {
    public static final String RESULTS = "requests.txt";
    /** Written into the folder once the session is armed: the client knows the agent started. */
    public static final String ARMED = "armed";
    private static final long DRAIN_MILLIS = 2000;
    /** A batch folder's name starts with this (then the pid and its number); it is written as ".batch-..." and renamed when complete. */
    public static final String BATCH = "batch-";
    /** Kept requests waiting for the next batch, and batches no one has read yet, at most. */
    private static final int MAX_PENDING = 1000;
    private static final int MAX_UNREAD_BATCHES = 20;
    /** Watching: how far back the sampler's recording reaches; a longer request keeps only its last part. */
    private static final long KEEP_SAMPLES_NANOS = 120_000_000_000L;
    private static RequestSession current;

    private final RequestOptions options;
    private final Instrumentation instrumentation;
    private final Path dir;
    private final TriggerCheck check;
    private final RequestTransformer transformer = new RequestTransformer();
    private final RequestSampling sampling = new JfrRequestSampling();
    private final ConcurrentLinkedQueue<RequestScope> finished = new ConcurrentLinkedQueue<>();
    private final AtomicInteger profiled = new AtomicInteger();
    private final AtomicLong overLimit = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong watched = new AtomicLong();
    private int batches;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private ScopedTracing tracing;
    private volatile boolean accepting = true;
    private Thread timer;
    private boolean ended;

    private RequestSession(RequestOptions options, Instrumentation instrumentation, byte[] key) {
        this.options = options;
        this.instrumentation = instrumentation;
        this.dir = Paths.get(options.dir).toAbsolutePath();
        this.check = key == null ? null : new TriggerCheck(key);
    }

    /** Runs a {@code request=...} load of the agent; one line on stderr when it cannot. */
    public static void command(String text, Instrumentation instrumentation) {
        try {
            RequestOptions options = RequestOptions.parse(text);
            if (options.start || options.watch) start(options, instrumentation);
            else stopCurrent();
        } catch (IllegalArgumentException | IllegalStateException e) {
            AgentLog.line(e.getMessage() + "; not profiling requests");
        } catch (Throwable t) {
            AgentLog.line("could not profile requests: " + AgentLog.describe(t));
        }
    }

    private static synchronized void start(RequestOptions options, Instrumentation instrumentation) throws Exception {
        if (current != null) throw new IllegalStateException("request profiling already runs in this JVM");
        for (String module : new String[] {"jdk.jfr", "java.management"}) {
            if (!ModuleLayer.boot().findModule(module).isPresent()) throw new IllegalStateException("this JVM has no module " + module);
        }
        RequestSession session = new RequestSession(options, instrumentation, options.watch ? null : readKey(Paths.get(options.key)));
        session.arm();
        current = session;
        if (options.watch) {
            Thread hook = new Thread(() -> {
                synchronized (RequestSession.class) {
                    session.end();
                }
            }, "jprof-request-exit");
            try {
                Runtime.getRuntime().addShutdownHook(hook);
            } catch (IllegalStateException exiting) {
                // the JVM is shutting down already
            }
        }
    }

    private static synchronized void stopCurrent() {
        if (current == null) {
            AgentLog.line("no request profiling runs in this JVM; nothing to stop");
            return;
        }
        current.end();
    }

    /** The secret, from a file its owner alone may read. */
    static byte[] readKey(Path file) throws IOException {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            for (PosixFilePermission p : permissions) {
                if (p != PosixFilePermission.OWNER_READ && p != PosixFilePermission.OWNER_WRITE) {
                    throw new IllegalStateException("the key file " + file + " may be read by others (it must be 0600)");
                }
            }
        } catch (UnsupportedOperationException notPosix) {
            // nothing to check
        }
        byte[] key = Files.readAllBytes(file);
        if (key.length < 16) throw new IllegalStateException("the key file " + file + " holds too short a key");
        return key;
    }

    private void arm() throws Exception {
        if (options.trace) {
            String excludes = options.exclude.isEmpty() ? RequestOptions.SERVER_PACKAGES : RequestOptions.SERVER_PACKAGES + ";" + options.exclude;
            tracing = ScopedTracing.start(instrumentation, options.include, excludes);
        }
        try {
            instrumentation.addTransformer(transformer, true);
            sampling.start(options.intervalNanos, options.watch ? KEEP_SAMPLES_NANOS : 0);
            List<Class<?>> classes = hookedClasses();
            if (tracing != null) classes.addAll(tracing.loadedClasses());
            retransform(classes);
            RequestHooks.session = this;
        } catch (Throwable t) {
            restore();
            sampling.stop(null);
            throw t;
        }
        Thread t = new Thread(options.watch ? this::flushUntilEnded : () -> {
            try {
                Thread.sleep(Math.max(1, options.timeoutNanos / 1_000_000));
                AgentLog.line("request profiling timed out; restoring the classes");
            } catch (InterruptedException stopped) {
                return;
            }
            synchronized (RequestSession.class) {
                end();
            }
        }, "jprof-request-timer");
        t.setDaemon(true);
        t.start();
        timer = t;
        try {
            Files.write(dir.resolve(ARMED), new byte[0]);
        } catch (IOException e) {
            AgentLog.line("could not write to " + dir + ": " + AgentLog.describe(e));
        }
    }

    /** Whether every request is measured (watching for slow ones), not only those with a trigger. */
    boolean watchesAll() {
        return options.watch;
    }

    RequestScope begin(String header, String method, String path, String query) {
        if (!accepting) return RequestScope.refused();
        if (options.watch) {
            RequestScope scope = RequestScope.profiled(method, path, QueryText.elide(query), "slow-" + watched.incrementAndGet());
            scope.window = sampling.requestBegins(scope.nonce);
            scope.startEpochNanos = epochNanos();
            scope.cpuStart = cpuNow();
            scope.allocStart = allocatedNow(scope.threadId);
            scope.startNanos = System.nanoTime();
            return scope;
        }
        TriggerCheck.Verdict verdict = check.check(header, method, path, System.currentTimeMillis() / 1000);
        if (verdict != TriggerCheck.Verdict.PROFILE) return RequestScope.refused();
        if (profiled.incrementAndGet() > options.max) {
            overLimit.incrementAndGet();
            return RequestScope.refused();
        }
        RequestScope scope = RequestScope.profiled(method, path, null, TriggerCheck.nonce(header));
        scope.window = sampling.requestBegins(scope.nonce);
        scope.startEpochNanos = epochNanos();
        scope.cpuStart = cpuNow();
        scope.allocStart = allocatedNow(scope.threadId);
        scope.startNanos = System.nanoTime();
        if (tracing != null) scope.trace = tracing.open();
        return scope;
    }

    void end(RequestScope scope) {
        long now = System.nanoTime();
        scope.wallNanos = now - scope.startNanos;
        if (options.watch) {
            if (scope.wallNanos < options.slowerNanos) return;
            if (finished.size() >= MAX_PENDING) {
                dropped.incrementAndGet();
                return;
            }
        }
        scope.endEpochNanos = epochNanos();
        scope.async = RequestHooks.asyncStarted(scope);
        scope.status = scope.async ? -1 : RequestHooks.status(scope);
        scope.request = null;
        scope.response = null;
        if (tracing != null && scope.trace != null) scope.nodes = tracing.close(scope.trace);
        long cpu = cpuNow();
        if (cpu >= 0 && scope.cpuStart >= 0) scope.cpuNanos = cpu - scope.cpuStart;
        long allocated = allocatedNow(scope.threadId);
        if (allocated >= 0 && scope.allocStart >= 0) scope.allocBytes = allocated - scope.allocStart;
        sampling.requestEnds(scope.window);
        finished.add(scope);
    }

    private long cpuNow() {
        try {
            return threads.getCurrentThreadCpuTime();
        } catch (Throwable t) {
            return -1;
        }
    }

    private long allocatedNow(long threadId) {
        try {
            if (threads instanceof com.sun.management.ThreadMXBean) {
                return ((com.sun.management.ThreadMXBean) threads).getThreadAllocatedBytes(threadId);
            }
        } catch (Throwable t) {
            // not measured
        }
        return -1;
    }

    private static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** Ends the session: no more requests profiled, the classes restored, the sampler stopped, the results written. */
    private void end() {
        if (ended) return;
        ended = true;
        accepting = false;
        long deadline = System.nanoTime() + DRAIN_MILLIS * 1_000_000;
        while (RequestHooks.open.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                break;
            }
        }
        RequestHooks.session = null;
        if (timer != null && timer != Thread.currentThread()) timer.interrupt();
        restore();
        if (options.watch) {
            writeBatch(true);
        } else {
            String samples = sampling.stop(dir);
            try {
                write(dir, samples, new ArrayList<>(finished));
            } catch (Throwable t) {
                AgentLog.line("could not write the request profiles to " + dir + ": " + AgentLog.describe(t));
            }
        }
        if (current == this) current = null;
    }

    /** Watching: a batch of the requests kept since the last one, every flush, until the session ends. */
    private void flushUntilEnded() {
        while (true) {
            try {
                Thread.sleep(Math.max(1, options.flushNanos / 1_000_000));
            } catch (InterruptedException stopped) {
                return;
            }
            synchronized (RequestSession.class) {
                if (ended) return;
                if (!Files.isDirectory(dir)) {
                    AgentLog.line("no one reads the slow requests any more (" + dir + " is gone); restoring the classes");
                    end();
                    return;
                }
                if (!finished.isEmpty()) writeBatch(false);
            }
        }
    }

    /** Writes the kept requests and the samples so far as the next batch folder; with {@code last}, the sampler stops. */
    private void writeBatch(boolean last) {
        List<RequestScope> runs = new ArrayList<>();
        for (RequestScope r; (r = finished.poll()) != null; ) runs.add(r);
        if (runs.isEmpty()) {
            if (last) sampling.stop(null);
            return;
        }
        try {
            if (unreadBatches() >= MAX_UNREAD_BATCHES) {
                dropped.addAndGet(runs.size());
                if (last) sampling.stop(null);
                return;
            }
            String name = BATCH + ProcessHandle.current().pid() + "-" + ++batches;
            Path temp = dir.resolve("." + name);
            Files.createDirectory(temp);
            String samples = last ? sampling.stop(temp) : sampling.snapshot(temp);
            write(temp, samples, runs);
            Files.move(temp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (Throwable t) {
            AgentLog.line("could not write the slow requests to " + dir + ": " + AgentLog.describe(t));
        }
    }

    private int unreadBatches() throws IOException {
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            return (int) files.filter(f -> f.getFileName().toString().startsWith(BATCH)).count();
        }
    }

    /** The loaded classes with entry points or JDBC statements: servlets, filter chains, HTTP handlers (and lambda hosts), statements, connections. */
    private List<Class<?>> hookedClasses() {
        List<Class<?>> types = new ArrayList<>();
        Class<?>[] loaded = instrumentation.getAllLoadedClasses();
        Set<String> wanted = Set.of("jakarta.servlet.Servlet", "jakarta.servlet.FilterChain", "javax.servlet.Servlet", "javax.servlet.FilterChain",
                "com.sun.net.httpserver.HttpHandler", "java.sql.Statement", "java.sql.Connection");
        for (Class<?> c : loaded) {
            if (wanted.contains(c.getName())) types.add(c);
        }
        List<Class<?>> classes = new ArrayList<>();
        Set<Class<?>> seen = new HashSet<>();
        ClassLoader platform = ClassLoader.getPlatformClassLoader();
        for (Class<?> c : loaded) {
            if (c.isArray() || c.isPrimitive() || c.isInterface()) continue;
            ClassLoader loader = c.getClassLoader();
            if (loader == null || loader == platform) continue;
            for (Class<?> type : types) {
                if (!type.isAssignableFrom(c)) continue;
                Class<?> target = c;
                String name = c.getName();
                if (name.contains("/")) {
                    int lambda = name.indexOf("$$Lambda");
                    target = lambda < 0 ? null : loadedHost(name.substring(0, lambda), loader);
                }
                if (target != null && instrumentation.isModifiableClass(target) && seen.add(target)) classes.add(target);
                if (type.getName().equals("java.sql.Statement")) transformer.statements.add(name.replace('.', '/'));
                if (type.getName().equals("java.sql.Connection")) transformer.connections.add(name.replace('.', '/'));
            }
        }
        return classes;
    }

    private static Class<?> loadedHost(String name, ClassLoader loader) {
        try {
            return Class.forName(name, false, loader);
        } catch (Throwable t) {
            return null;
        }
    }

    private void restore() {
        Set<String> changed = new HashSet<>(transformer.instrumented);
        transformer.deactivate();
        instrumentation.removeTransformer(transformer);
        if (tracing != null) {
            tracing.stop();
            changed.addAll(tracing.instrumented());
        }
        List<Class<?>> classes = new ArrayList<>();
        for (Class<?> c : instrumentation.getAllLoadedClasses()) {
            if (changed.contains(c.getName()) && instrumentation.isModifiableClass(c)) classes.add(c);
        }
        retransform(classes);
    }

    private void retransform(List<Class<?>> classes) {
        if (classes.isEmpty()) return;
        try {
            instrumentation.retransformClasses(classes.toArray(new Class<?>[0]));
        } catch (Throwable batch) {
            for (Class<?> c : classes) {
                try {
                    instrumentation.retransformClasses(c);
                } catch (Throwable e) {
                    AgentLog.line("left " + c.getName() + " as it was: " + AgentLog.describe(e));
                }
            }
        }
    }

    private void write(Path target, String samples, List<RequestScope> runs) throws IOException {
        Path temp = target.resolve(RESULTS + ".tmp");
        try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
            out.write("jprof-requests\t1\n");
            if (check != null) {
                out.write("counter\tforged\t" + check.forged.get() + "\n");
                out.write("counter\texpired\t" + check.expired.get() + "\n");
                out.write("counter\treplayed\t" + check.replayed.get() + "\n");
                out.write("counter\tover-limit\t" + overLimit.get() + "\n");
            } else {
                out.write("counter\tdropped\t" + dropped.get() + "\n");
            }
            if (samples != null) out.write("sampling\t" + sampling.engine() + "\t" + options.intervalNanos + "\t" + samples + "\n");
            if (tracing != null) {
                for (String line : tracing.methodLines().split("\n")) {
                    if (!line.isEmpty()) out.write("method\t" + line + "\n");
                }
            }
            int index = 0;
            for (RequestScope r : runs) {
                out.write("request\t" + index + "\t" + clean(r.nonce) + "\t" + clean(r.method) + "\t" + clean(r.path) + "\t" + r.threadId + "\t"
                        + clean(r.threadName) + "\t" + r.startEpochNanos + "\t" + r.endEpochNanos + "\t" + r.wallNanos + "\t"
                        + r.cpuNanos + "\t" + r.allocBytes + "\t" + r.status + "\t" + clean(r.query) + "\t" + (r.async ? "async" : "") + "\n");
                for (Map.Entry<String, long[]> s : r.statements().entrySet()) {
                    out.write("sql\t" + index + "\t" + s.getValue()[0] + "\t" + s.getValue()[1] + "\t" + clean(s.getKey()) + "\n");
                }
                for (String node : r.nodes.split("\n")) {
                    if (!node.isEmpty()) out.write("node\t" + index + "\t" + node + "\n");
                }
                index++;
            }
        }
        Files.move(temp, target.resolve(RESULTS), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String clean(String text) {
        if (text == null) return "";
        return text.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }
}
