package dev.jprof.agent.trace;

import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The hooks instrumented methods call: an enter hook first, which returns the thread's trace into a
 * local of the method, and the matching exit hook with that trace on every way out, returning or
 * throwing. One family of hooks per clock ({@code enter}/{@code exit} count only, {@code enterWall},
 * {@code enterCpu}), chosen when a class is instrumented, so the hot path neither tests the clock nor
 * reads a volatile field; {@code enterAny} handles roots and JDK classes. Each thread records into its own
 * {@link ThreadTrace}; nothing is shared on this path but the registration of a new thread.
 */
public final class Tracer {
    static final String INTERNAL_NAME = "dev/jprof/agent/trace/Tracer";

    private static final ConcurrentLinkedQueue<ThreadTrace> THREADS = new ConcurrentLinkedQueue<>();
    /** A new one per run, so threads drop the trace of an earlier run. */
    private static ThreadLocal<Slot> current = new ThreadLocal<>();
    private static final Slot[] STOPPED = new Slot[1];
    private static final ThreadLocal<Boolean> REGISTERING = new ThreadLocal<>();
    /**
     * The traces of recently seen threads by thread id, tried before the thread local: two loads instead of
     * a hash lookup. A new table per run; {@link #STOPPED}, where every lookup misses, when no run records.
     * Plain, not volatile: a thread may see the end of a run late, and records into a trace no one reads.
     */
    private static Slot[] slots = new Slot[1024];
    /** Thread.isVirtual on JDK 21+, else null. */
    private static final java.lang.reflect.Method IS_VIRTUAL = isVirtualMethod();
    private static ThreadTrace virtualThreads;
    /** 0 wall, 1 cpu, 2 none; set once before any class is instrumented. */
    private static int clock;
    /** Whether only calls under a root method count; then roots[id] tells the roots. */
    private static boolean rootsOnly;
    private static volatile boolean[] roots = new boolean[0];
    private static int generation;

    private Tracer() {
    }

    /** A thread and its trace. */
    private static final class Slot {
        final Thread thread;
        final ThreadTrace trace;

        Slot(Thread thread, ThreadTrace trace) {
            this.thread = thread;
            this.trace = trace;
        }
    }

    /** The calling thread's trace, or null when no run records. */
    private static ThreadTrace trace() {
        Thread thread = Thread.currentThread();
        Slot[] table = slots;
        @SuppressWarnings("deprecation")
        Slot slot = table[(int) thread.getId() & (table.length - 1)];
        if (slot != null && slot.thread == thread) return slot.trace;
        return missed(thread, table);
    }

    @SuppressWarnings("deprecation")
    private static ThreadTrace missed(Thread thread, Slot[] table) {
        if (table == STOPPED) return null;
        Slot slot = current.get();
        if (slot == null) slot = register(thread);
        if (slot == null) return null;
        table[(int) thread.getId() & (table.length - 1)] = slot;
        return slot.trace;
    }

    /** Counts a call (clock none); returns what {@link #exit(ThreadTrace, int)} takes. */
    public static ThreadTrace enter(int method) {
        ThreadTrace trace = trace();
        if (trace != null) trace.enter(method);
        return trace;
    }

    public static void exit(ThreadTrace trace, int method) {
        if (trace != null) trace.exit(method);
    }

    public static ThreadTrace enterWall(int method) {
        ThreadTrace trace = trace();
        if (trace != null) {
            int node = trace.enter(method); // first: it may grow the arrays
            trace.start[node] = System.nanoTime();
        }
        return trace;
    }

    public static void exitWall(ThreadTrace trace, int method) {
        long now = System.nanoTime();
        if (trace != null) trace.exit(method, now);
    }

    public static ThreadTrace enterCpu(int method) {
        ThreadTrace trace = trace();
        if (trace != null) {
            int node = trace.enter(method);
            trace.start[node] = Clock.cpuNow();
        }
        return trace;
    }

    public static void exitCpu(ThreadTrace trace, int method) {
        long now = Clock.cpuNow();
        if (trace != null) trace.exit(method, now);
    }

    /**
     * Any clock, with roots and with the guard of JDK classes: a call made while jprof's own code runs on
     * the thread does not count.
     */
    public static ThreadTrace enterAny(int method) {
        ThreadTrace trace = trace();
        if (trace == null || trace.busy != 0) return null;
        if (rootsOnly && !trace.enterRoot(isRoot(method))) return null;
        int node = trace.enter(method);
        long start = guardedNow(trace);
        trace.start[node] = start;
        return trace;
    }

    public static void exitAny(ThreadTrace trace, int method) {
        if (trace == null) return;
        long now = guardedNow(trace);
        if (rootsOnly && isRoot(method) && trace.method[trace.cursor] == method) trace.roots--;
        trace.exit(method, now);
    }

    /** The clock, read with the thread marked busy: JDK code the clock runs on does not count, nor recurse. */
    private static long guardedNow(ThreadTrace trace) {
        trace.busy++;
        try {
            return now();
        } finally {
            trace.busy--;
        }
    }

    /** The hooks instrumented code of this run calls: {enter, exit} names in {@link Tracer}. */
    static String[] hookNames() {
        if (rootsOnly) return new String[] {"enterAny", "exitAny"};
        switch (clock) {
            case 0: return new String[] {"enterWall", "exitWall"};
            case 1: return new String[] {"enterCpu", "exitCpu"};
            default: return new String[] {"enter", "exit"};
        }
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
        slots = STOPPED;
    }

    /**
     * A new trace for this thread; null when called again while registering it (a traced JDK method that
     * registering calls, reflection say, or a class it loads), which then does not count.
     */
    private static Slot register(Thread thread) {
        if (REGISTERING.get() != null) return null;
        REGISTERING.set(Boolean.TRUE);
        try {
            return newSlot(thread);
        } finally {
            REGISTERING.remove();
        }
    }

    private static Slot newSlot(Thread thread) {
        boolean virtual = isVirtual(thread);
        @SuppressWarnings("deprecation")
        ThreadTrace trace = new ThreadTrace(thread.getName(), thread.getId(), generation, virtual);
        trace.busy++;
        if (!virtual) THREADS.add(trace);
        Slot slot = new Slot(thread, trace);
        current.set(slot);
        trace.busy--;
        return slot;
    }

    /**
     * A virtual thread whose traced calls have all returned: its tree goes into the shared one and the
     * thread forgets it, so a million short virtual threads cost one tree, not a million.
     */
    static void retire(ThreadTrace trace) {
        trace.busy++;
        synchronized (THREADS) {
            ThreadTrace shared = virtualThreads;
            if (shared == null || shared.generation != trace.generation) {
                shared = new ThreadTrace("virtual threads", -1, trace.generation, false);
                virtualThreads = shared;
                THREADS.add(shared);
            }
            trace.mergeInto(shared);
        }
        Slot[] table = slots;
        @SuppressWarnings("deprecation")
        int i = (int) Thread.currentThread().getId() & (table.length - 1);
        Slot slot = table[i];
        if (slot != null && slot.trace == trace) table[i] = null;
        current.remove();
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

    /**
     * Gives the calling thread a fresh trace in which every call counts until {@link #closeScope}: one web
     * request's calls (the run is rootsOnly, so calls outside a scope or a root do not count). Null when no
     * run records or the thread is being registered.
     */
    static ThreadTrace openScope() {
        Slot[] table = slots;
        if (table == STOPPED) return null;
        Thread thread = Thread.currentThread();
        Slot slot = register(thread);
        if (slot == null) return null;
        @SuppressWarnings("deprecation")
        int i = (int) thread.getId() & (table.length - 1);
        table[i] = slot;
        slot.trace.roots++;
        return slot.trace;
    }

    /** Ends a scope the calling thread opened: its trace leaves the run's threads, the thread forgets it. */
    static void closeScope(ThreadTrace trace) {
        trace.roots = 0;
        THREADS.remove(trace);
        Slot slot = current.get();
        if (slot != null && slot.trace == trace) current.remove();
        Slot[] table = slots;
        @SuppressWarnings("deprecation")
        int i = (int) Thread.currentThread().getId() & (table.length - 1);
        Slot there = table[i];
        if (there != null && there.trace == trace) table[i] = null;
    }

    /** The calling thread's trace, created if need be. */
    static ThreadTrace current() {
        Slot slot = current.get();
        if (slot == null) slot = register(Thread.currentThread());
        if (slot == null) throw new IllegalStateException("the tracer is registering this thread");
        return slot.trace;
    }

    /** Drops the calling thread's trace from the results (the calibration's thread, which ends). */
    static void forgetCurrent() {
        Slot slot = current.get();
        if (slot != null) THREADS.remove(slot.trace);
        current.remove();
        Slot[] table = slots;
        for (int i = 0; i < table.length; i++) {
            if (table[i] == slot) table[i] = null;
        }
    }

    /** Marks jprof's own work on this thread, during which calls of traced JDK methods do not count. */
    static ThreadTrace pause() {
        Slot slot = current.get();
        if (slot == null) slot = register(Thread.currentThread());
        if (slot == null) return null; // registering: nothing of this thread counts yet
        slot.trace.busy++;
        return slot.trace;
    }

    static void resume(ThreadTrace paused) {
        if (paused != null) paused.busy--;
    }

    static Iterator<ThreadTrace> threads() {
        return THREADS.iterator();
    }

    /** Starts a new run: every thread's earlier trace is dropped, and recording starts. */
    static synchronized void newRun() {
        generation++;
        THREADS.clear();
        current = new ThreadLocal<>();
        slots = new Slot[1024];
        roots = new boolean[0];
    }
}
