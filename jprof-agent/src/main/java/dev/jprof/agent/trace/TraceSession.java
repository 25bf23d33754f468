package dev.jprof.agent.trace;

import dev.jprof.agent.AgentLog;

import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One tracing run in this JVM. Launched with the JVM, it traces classes as they load and writes the
 * trace at exit (a shutdown hook, so System.exit and SIGTERM write it too). Loaded into a running JVM,
 * it also retransforms the matching classes already loaded, and after the duration gives every class
 * it changed its original code back, then writes the trace.
 */
public final class TraceSession {
    private static final long OWNER_POLL_MILLIS = 200;
    private static final String PRINTER = "dev.jprof.capture.trace.TracePrinter";
    private static TraceSession current;
    /** The JVM's Instrumentation, once an agent start handed it over: the library API reuses it. */
    private static Instrumentation known;

    private final TraceOptions options;
    private final Instrumentation instrumentation;
    private final MethodFilter filter;
    private final MethodRegistry registry = new MethodRegistry();
    private final TraceTransformer transformer;
    private final Path file;
    private Calibration calibration = Calibration.NONE;
    private long startNanos;
    private boolean written;
    /** The thread that ends an attached run after its duration, or earlier when interrupted. */
    private Thread timer;

    private TraceSession(TraceOptions options, Instrumentation instrumentation) {
        this.options = options;
        this.instrumentation = instrumentation;
        this.filter = options.filter();
        this.transformer = new TraceTransformer(filter, registry);
        String path = options.file(ProcessHandle.current().pid());
        this.file = path == null ? null : Paths.get(path).toAbsolutePath();
    }

    /** Starts tracing; one line on stderr and nothing else when it cannot. */
    public static synchronized void start(String text, Instrumentation instrumentation, boolean dynamic) {
        known = instrumentation;
        try {
            if (current != null || ScopedTracing.running()) {
                AgentLog.line("tracing already runs in this JVM; ignoring this load");
                return;
            }
            TraceOptions options = TraceOptions.parse(text);
            TraceSession session = new TraceSession(options, instrumentation);
            current = session;
            try {
                session.begin(dynamic);
            } catch (Throwable t) {
                current = null;
                throw t;
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            AgentLog.line(e.getMessage() + "; not tracing");
        } catch (Throwable t) {
            AgentLog.line("could not start tracing: " + AgentLog.describe(t) + "; not tracing");
        }
    }

    private void begin(boolean dynamic) throws Exception {
        Clock clock = options.clock();
        clock.init();
        Tracer.newRun();
        Tracer.clock(clock);
        Tracer.rootsOnly(filter.hasRoots());
        if (clock != Clock.NONE && options.calibrate()) calibration = Calibration.measure(registry);
        boolean jdk = filter.tracesJdk();
        if (jdk) {
            BootHooks.install(instrumentation);
            transformer.traceJdk();
        }
        startNanos = System.nanoTime();
        instrumentation.addTransformer(transformer, dynamic || jdk);
        if (!dynamic) {
            Runtime.getRuntime().addShutdownHook(new Thread(this::finish, "jprof-trace-writer"));
            if (jdk) retransform(loadedMatching(true, false)); // the rest are instrumented as they load
            return;
        }
        retransform(loadedMatching(jdk, true));
        if (options.durationNanos() == 0) return; // the library API ends it
        timer = new Thread(() -> {
            boolean ownerGone = waitForEnd();
            restore();
            if (ownerGone) AgentLog.line("jprof (pid " + options.owner() + ") is gone: tracing stopped, classes restored, no trace written");
            else finish();
            synchronized (TraceSession.class) {
                if (current == this) current = null;
            }
        }, "jprof-trace-timer");
        timer.setDaemon(true);
        timer.start();
    }

    /** Sleeps out the duration, or less when interrupted (ended early); true when the owning jprof died first. */
    private boolean waitForEnd() {
        long end = System.nanoTime() + options.durationNanos();
        Optional<ProcessHandle> owner = options.owner() > 0 ? ProcessHandle.of(options.owner()) : null;
        while (true) {
            if (owner != null && (!owner.isPresent() || !owner.get().isAlive())) return true;
            long left = end - System.nanoTime();
            if (left <= 0) return false;
            try {
                Thread.sleep(Math.max(1, Math.min(OWNER_POLL_MILLIS, left / 1_000_000)));
            } catch (InterruptedException e) {
                return false;
            }
        }
    }

    /** Ends an attached run now, as its duration would (jprof's Ctrl-C): original code back, trace written. */
    public static void stopEarly() {
        Thread timer;
        synchronized (TraceSession.class) {
            timer = current == null ? null : current.timer;
        }
        if (timer == null) AgentLog.line("no attached tracing runs in this JVM; nothing to stop");
        else timer.interrupt();
    }

    /**
     * Starts tracing in this JVM as the library API asks, when an agent start already gave jprof the
     * Instrumentation; false when it did not (then the caller loads the agent, which starts tracing).
     */
    public static synchronized boolean startInThisJvm(String text) {
        if (known == null) return false;
        start(text, known, true);
        return true;
    }

    public static synchronized boolean running() {
        return current != null;
    }

    /** Ends the library API's run: original code back, trace written to the file of its options. */
    public static void stopInThisJvm() {
        TraceSession session;
        synchronized (TraceSession.class) {
            session = current;
            current = null;
        }
        if (session == null) return;
        session.restore();
        session.finish();
    }

    /** The loaded classes to instrument now: those of the JDK ({@code jdk}), of the application ({@code app}). */
    private List<Class<?>> loadedMatching(boolean jdk, boolean app) {
        ClassLoader platform = ClassLoader.getPlatformClassLoader();
        List<Class<?>> classes = new ArrayList<>();
        for (Class<?> c : instrumentation.getAllLoadedClasses()) {
            if (c.isArray() || c.isPrimitive() || !instrumentation.isModifiableClass(c)) continue;
            if (c.getName().contains("/")) continue; // hidden classes
            boolean fromJdk = c.getClassLoader() == null || c.getClassLoader() == platform;
            if (fromJdk ? !jdk : !app) continue;
            if (filter.mayTrace(c.getName(), fromJdk)) classes.add(c);
        }
        return classes;
    }

    private void retransform(List<Class<?>> classes) {
        if (classes.isEmpty()) return;
        try {
            instrumentation.retransformClasses(classes.toArray(new Class<?>[0]));
        } catch (Throwable batch) {
            for (Class<?> c : classes) {
                try {
                    instrumentation.retransformClasses(c);
                } catch (UnmodifiableClassException | RuntimeException | LinkageError e) {
                    AgentLog.line("left " + c.getName() + " as it was: " + AgentLog.describe(e));
                }
            }
        }
    }

    /** Gives every instrumented class its original code back. */
    private void restore() {
        Tracer.stopRecording();
        transformer.deactivate();
        instrumentation.removeTransformer(transformer);
        List<Class<?>> changed = new ArrayList<>();
        for (Class<?> c : instrumentation.getAllLoadedClasses()) {
            if (transformer.instrumented.contains(c.getName()) && instrumentation.isModifiableClass(c)) changed.add(c);
        }
        retransform(changed);
    }

    private synchronized void finish() {
        if (written) return;
        written = true;
        Tracer.stopRecording();
        Path target = file;
        try {
            if (target == null) target = Files.createTempFile("jprof-", ".trace");
            TraceFileWriter.write(target, options.clock(), calibration, System.nanoTime() - startNanos,
                    TraceFileWriter.unmatchedWarnings(filter), registry);
        } catch (Throwable t) {
            AgentLog.line("cannot write the trace to " + target + ": " + AgentLog.describe(t));
            return;
        }
        if (file == null) print(target);
    }

    /** The table on stderr, drawn by jprof's core when it is on the class path (-javaagent:jprof.jar); else the file stays. */
    private static void print(Path trace) {
        try {
            Class<?> printer = Class.forName(PRINTER, true, ClassLoader.getSystemClassLoader());
            printer.getMethod("print", Path.class).invoke(null, trace);
            Files.deleteIfExists(trace);
        } catch (Throwable t) {
            Path kept = Paths.get("jprof-" + ProcessHandle.current().pid() + ".trace").toAbsolutePath();
            try {
                Files.move(trace, kept, StandardCopyOption.REPLACE_EXISTING);
                AgentLog.line("trace written to " + kept + " (jprof report " + kept + " shows it)");
            } catch (Exception e) {
                AgentLog.line("trace written to " + trace);
            }
        }
    }
}
