package dev.jprof.agent.trace;

import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The hooks instrumented methods call: {@code enter(id)} first, {@code exit(id)} on every way out,
 * returning or throwing. Each thread records into its own {@link ThreadTrace}; nothing is shared on
 * this path but the registration of a new thread.
 */
public final class Tracer {
    static final String INTERNAL_NAME = "dev/jprof/agent/trace/Tracer";

    private static final ConcurrentLinkedQueue<ThreadTrace> THREADS = new ConcurrentLinkedQueue<>();
    private static final ThreadLocal<ThreadTrace> CURRENT = ThreadLocal.withInitial(Tracer::register);
    /** Thread.isVirtual on JDK 21+, else null. */
    private static final java.lang.reflect.Method IS_VIRTUAL = isVirtualMethod();
    private static ThreadTrace virtualThreads;
    /** 0 wall, 1 cpu, 2 none; set once before any class is instrumented. */
    private static int clock;
    private static volatile boolean recording = true;
    /** Whether only calls under a root method count; then roots[id] tells the roots. */
    private static boolean rootsOnly;
    private static volatile boolean[] roots = new boolean[0];
    /** Bumped by each new run in this JVM, so threads drop the trace of an earlier one. */
    private static int generation;

    private Tracer() {
    }

    /** Records the call's start; returns the thread's trace for {@link #exit(ThreadTrace, int)}, or null when the call does not count. */
    public static ThreadTrace enter(int method) {
        if (!recording) return null;
        ThreadTrace trace = CURRENT.get();
        if (trace.generation != generation) trace = renew();
        if (rootsOnly && !trace.enterRoot(isRoot(method))) return null;
        trace.enter(method, now());
        return trace;
    }

    /** A return: {@code trace} is what {@link #enter} gave. */
    public static void exit(ThreadTrace trace, int method) {
        if (trace == null || !recording) return;
        if (rootsOnly && isRoot(method)) trace.roots--;
        trace.exit(method, now());
    }

    /** An exit by exception: the handler has no local, so the trace is looked up again. */
    public static void exit(int method) {
        if (!recording) return;
        ThreadTrace trace = CURRENT.get();
        if (trace.generation != generation) trace = renew();
        if (rootsOnly && !trace.exitRoot(isRoot(method))) return;
        trace.exit(method, now());
    }

    private static boolean isRoot(int method) {
        boolean[] r = roots;
        return method < r.length && r[method];
    }

    static synchronized void markRoot(int method) {
        boolean[] r = roots;
        if (method >= r.length) r = java.util.Arrays.copyOf(r, Math.max(method + 1, r.length * 2));
        else r = r.clone();
        r[method] = true;
        roots = r;
    }

    static void rootsOnly(boolean only) {
        rootsOnly = only;
    }

    private static ThreadTrace renew() {
        ThreadTrace trace = register();
        CURRENT.set(trace);
        return trace;
    }

    static long now() {
        switch (clock) {
            case 0: return System.nanoTime();
            case 1: return Clock.cpuNow();
            default: return 0;
        }
    }

    static void clock(Clock c) {
        clock = c.ordinal();
    }

    static void stopRecording() {
        recording = false;
    }

    private static ThreadTrace register() {
        Thread thread = Thread.currentThread();
        boolean virtual = isVirtual(thread);
        @SuppressWarnings("deprecation")
        ThreadTrace trace = new ThreadTrace(thread.getName(), thread.getId(), generation, virtual);
        if (!virtual) THREADS.add(trace);
        return trace;
    }

    /**
     * A virtual thread whose traced calls have all returned: its tree goes into the shared one and the
     * thread forgets it, so a million short virtual threads cost one tree, not a million.
     */
    static void retire(ThreadTrace trace) {
        synchronized (THREADS) {
            ThreadTrace shared = virtualThreads;
            if (shared == null || shared.generation != trace.generation) {
                shared = new ThreadTrace("virtual threads", -1, trace.generation, false);
                virtualThreads = shared;
                THREADS.add(shared);
            }
            trace.mergeInto(shared);
        }
        CURRENT.remove();
    }

    private static boolean isVirtual(Thread thread) {
        if (IS_VIRTUAL == null) return false;
        try {
            return (boolean) IS_VIRTUAL.invoke(thread);
        } catch (Throwable t) {
            return false;
        }
    }

    private static java.lang.reflect.Method isVirtualMethod() {
        try {
            return Thread.class.getMethod("isVirtual");
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    /** The calling thread's trace. */
    static ThreadTrace current() {
        return CURRENT.get();
    }

    /** Drops the calling thread's trace from the results (the calibration's thread). */
    static void forgetCurrent() {
        ThreadTrace trace = CURRENT.get();
        THREADS.remove(trace);
        CURRENT.remove();
    }

    static Iterator<ThreadTrace> threads() {
        return THREADS.iterator();
    }

    /** Starts a new run: every thread's earlier trace is dropped, and recording starts. */
    static synchronized void newRun() {
        generation++;
        THREADS.clear();
        roots = new boolean[0];
        recording = true;
    }
}
