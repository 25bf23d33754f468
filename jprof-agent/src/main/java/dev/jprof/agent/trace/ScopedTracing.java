package dev.jprof.agent.trace;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The tracer switched on for chosen threads only, while they run a scope (one web request): the chosen
 * classes are instrumented as for {@code jprof trace}, but a call counts only between {@link #open()} and
 * {@link #close(Object)} on its thread, and each scope gets its own call tree. Wall clock, no calibration.
 */
public final class ScopedTracing {
    private static volatile boolean running;

    private final Instrumentation instrumentation;
    private final MethodFilter filter;
    private final MethodRegistry registry = new MethodRegistry();
    private final TraceTransformer transformer;

    private ScopedTracing(Instrumentation instrumentation, MethodFilter filter) {
        this.instrumentation = instrumentation;
        this.filter = filter;
        this.transformer = new TraceTransformer(filter, registry);
    }

    public static boolean running() {
        return running;
    }

    /**
     * Instruments the application's classes (patterns as {@code jprof trace --include/--exclude} takes them,
     * separated by ';'); IllegalStateException when a tracing run already owns the tracer.
     */
    public static synchronized ScopedTracing start(Instrumentation instrumentation, String includes, String excludes) {
        if (running || TraceSession.running()) throw new IllegalStateException("tracing already runs in this JVM");
        MethodFilter filter = new MethodFilter(MethodFilter.parseList(includes), MethodFilter.parseList(excludes));
        ScopedTracing tracing = new ScopedTracing(instrumentation, filter);
        Tracer.newRun();
        Tracer.clock(Clock.WALL);
        Tracer.rootsOnly(true);
        running = true;
        instrumentation.addTransformer(tracing.transformer, true);
        return tracing;
    }

    /** The loaded classes this run instruments now (the caller retransforms them, with its own). */
    public List<Class<?>> loadedClasses() {
        ClassLoader platform = ClassLoader.getPlatformClassLoader();
        List<Class<?>> classes = new ArrayList<>();
        for (Class<?> c : instrumentation.getAllLoadedClasses()) {
            if (c.isArray() || c.isPrimitive() || !instrumentation.isModifiableClass(c)) continue;
            if (c.getName().contains("/")) continue;
            if (c.getClassLoader() == null || c.getClassLoader() == platform) continue;
            if (filter.mayTrace(c.getName(), false)) classes.add(c);
        }
        return classes;
    }

    /** Starts counting the calling thread's calls into a new tree; returns what {@link #close} takes (null: not traced). */
    public Object open() {
        return Tracer.openScope();
    }

    /**
     * Ends the calling thread's scope and gives its tree, one line per node:
     * {@code NODE PARENT METHOD CALLS TIME_NS} separated by tabs (parent 0: a root call; method: see {@link #methodLines()}).
     */
    public String close(Object scope) {
        if (!(scope instanceof ThreadTrace)) return "";
        ThreadTrace trace = (ThreadTrace) scope;
        trace.busy++;
        try {
            Tracer.closeScope(trace);
            long now = System.nanoTime();
            StringBuilder lines = new StringBuilder();
            for (int n = 1; n < trace.nodes; n++) {
                if (trace.calls[n] == 0) continue;
                long open = 0;
                for (int c = trace.cursor; c > 0; c = trace.parent[c]) {
                    if (c == n) open = Math.max(0, now - trace.start[n]);
                }
                lines.append(n).append('\t').append(trace.parent[n]).append('\t').append(trace.method[n]).append('\t')
                        .append(trace.calls[n]).append('\t').append(trace.time[n] + open).append('\n');
            }
            return lines.toString();
        } finally {
            trace.busy--;
        }
    }

    /** The methods the trees name: {@code ID CLASS NAME DESCRIPTOR FILE LINE} separated by tabs, one a line. */
    public String methodLines() {
        StringBuilder lines = new StringBuilder();
        int size = registry.size();
        for (int m = 0; m < size; m++) {
            lines.append(m).append('\t').append(clean(registry.className(m))).append('\t').append(clean(registry.name(m)))
                    .append('\t').append(clean(registry.descriptor(m))).append('\t').append(clean(registry.file(m)))
                    .append('\t').append(registry.line(m)).append('\n');
        }
        return lines.toString();
    }

    /** Stops counting and instrumenting; the classes named by {@link #instrumented()} still hold hooks until retransformed. */
    public synchronized void stop() {
        Tracer.stopRecording();
        transformer.deactivate();
        instrumentation.removeTransformer(transformer);
        running = false;
    }

    public Set<String> instrumented() {
        return new HashSet<>(transformer.instrumented);
    }

    private static String clean(String text) {
        if (text == null) return "";
        return text.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }
}
