package dev.jprof.agent.wall;

import dev.jprof.agent.AgentLog;
import dev.jprof.agent.AgentOptions.StackFetch;
import dev.jprof.agent.jfr.ThreadScheduleEvent;
import dev.jprof.agent.jfr.ThreadActivityEvent;
import dev.jprof.agent.jfr.WaitSampleEvent;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * jprof's sampler for what JFR does not see: threads that wait, sleep, block or run native code.
 *
 * <p>In wall mode a daemon thread ("jprof-sampler", never sampled itself) ticks at a fixed rate. Each
 * tick classifies every thread, without a safepoint:
 * <ul>
 *   <li>A thread running Java code counts a runnable tick; its stacks come from JFR's own sampler.</li>
 *   <li>Any other thread needs its stack. The sampler keeps the last one per thread and reuses it while
 *       the thread stays in that state: {@link Thread#getState()} (a field read) every tick, and every
 *       {@value #CHECK_TICKS} ticks its blocked and waited counts too (a wait elsewhere in between
 *       would have moved them). A native thread's stack is fetched again every
 *       {@value #NATIVE_REFRESH_TICKS} ticks, since it can move without the counts changing. Threads
 *       whose fetched stack keeps coming back the same (polling loops) are checked up to 8 times less
 *       often. So a thread parked for a minute costs a few stack walks, not 6000.</li>
 *   <li>RUNNABLE threads, and waiting ones due for a check, go through
 *       {@code ThreadMXBean.getThreadInfo(ids, 0)} (no stack: no safepoint) for isInNative and the counts.</li>
 *   <li>A thread RUNNABLE in Java that uses almost no CPU is blocked inside the VM (Reference Handler,
 *       Signal Dispatcher, ...): it counts as NATIVE, with its stack, since JFR never samples it.</li>
 * </ul>
 * Fresh stacks come from {@link Thread#getStackTrace()}, a handshake with that one thread on JDK 19+,
 * or on older JDKs (where that is a safepoint anyway) from one {@code getThreadInfo(ids, 2048)} call for
 * all threads that need one this tick ({@link StackFetch}).
 *
 * <p>Counts are aggregated per window ({@code flush}, 1 s by default) into one jprof.WaitSample event
 * per (thread, state, stack) and one jprof.ThreadActivity per thread (runnable ticks, and the CPU time
 * used in the window, read every {@value #CPU_POLL_NANOS} ns so that a thread that ends loses little).
 * Events span their window: they are begun when the window starts. In cpu mode there is no per-tick
 * work, only the thread list and CPU times every 100 ms and the per-window ThreadActivity.
 *
 * <p>The sampler never throws into the application: every failure is caught, the first one is logged
 * in one line, and the sampler gives up after many failures in a row.
 */
public final class WallSampler {
    public static final String THREAD_NAME = "jprof-sampler";
    /** Deepest stack kept, as JFR's stackdepth=2048. */
    static final int MAX_DEPTH = 2048;
    /** Thread.getStackTrace stops at -XX:MaxJavaStackTraceDepth, 1024 by default. */
    private static final int HANDSHAKE_DEPTH_LIMIT = 1024;
    static final int NATIVE_REFRESH_TICKS = 10;
    /** A waiting thread's cached stack is checked against its counts every this many ticks (at most). */
    static final int CHECK_TICKS = 10;
    private static final int MIN_TICKS_TO_JUDGE = 5;
    private static final int EARLY_IDLE_CHECK_TICKS = 10;
    /**
     * Threads' CPU times are read this often (and at each flush), so a thread that ends within a
     * window loses at most this much of its CPU time (a thread's CPU time cannot be read once it ended).
     */
    static final long CPU_POLL_NANOS = 100_000_000;
    /** lastCpu of a thread not yet polled. */
    private static final long NOT_POLLED = Long.MIN_VALUE;
    private static final int GIVE_UP_AFTER_FAILURES = 100;

    static final String NATIVE = "NATIVE";
    static final String BLOCKED = "BLOCKED";
    static final String WAITING = "WAITING";
    static final String TIMED_WAITING = "TIMED_WAITING";

    private final boolean wall;
    private final long intervalNanos;
    private final long flushNanos;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final com.sun.management.ThreadMXBean sunThreads;

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Long, ThreadRecord> records = new HashMap<>();
    private final ArrayDeque<ThreadActivityEvent> spareActivity = new ArrayDeque<>();
    private final ArrayDeque<WaitSampleEvent> spareWait = new ArrayDeque<>();
    private final AtomicBoolean failureLogged = new AtomicBoolean();
    private final Thread thread;
    private final long selfId;
    /** cpu mode with JFR's execution sampler only: how much of the time each OS thread was ready to run it had a core. */
    private SchedulerTimes schedule;
    private final ScheduleEvents scheduleEvents = new ScheduleEvents();

    private volatile boolean stopping;
    private volatile boolean started;
    private long tickNo;
    private long windowStart;
    private int waitEntriesInWindow;
    private int newThreadsInWindow;
    private int consecutiveFailures;
    private boolean unresolved;
    private final boolean useDump;
    private long firstTick;
    private long lastPoll;
    private ThreadRecord[] seen = new ThreadRecord[64];
    private ThreadRecord[] needInfo = new ThreadRecord[64];
    private ThreadRecord[] toFetch = new ThreadRecord[16];
    private String[] fetchState = new String[16];
    private long[] fetchBlocked = new long[16];
    private long[] fetchWaited = new long[16];

    // statistics, read by stats()
    private volatile long ticks;
    private volatile long tickNanos;
    private volatile long maxTickNanos;
    private volatile long stackFetches;
    private volatile long missedTicks;
    private volatile long flushes;
    private volatile long flushNanosTotal;
    private volatile long samplerCpuNanos = -1;
    private volatile boolean measureTickCpu;
    private volatile long tickCpuNanos;

    public WallSampler(boolean wall, long intervalNanos, long flushNanos, StackFetch stackFetch) {
        this.wall = wall;
        this.intervalNanos = intervalNanos;
        this.flushNanos = flushNanos;
        this.useDump = stackFetch == StackFetch.DUMP || stackFetch == StackFetch.AUTO && Runtime.version().feature() < 19;
        this.sunThreads = threads instanceof com.sun.management.ThreadMXBean ? (com.sun.management.ThreadMXBean) threads : null;
        this.thread = new Thread(new Loop(), THREAD_NAME);
        this.thread.setDaemon(true);
        this.thread.setContextClassLoader(null);
        this.selfId = thread.getId();
    }

    /**
     * In cpu mode, writes per window each OS thread's time on a core and time waiting for one
     * (jprof.ThreadSchedule, from Linux's schedstat). Call before {@link #start}.
     */
    public void recordThreadSchedules() {
        if (!wall) schedule = new SchedulerTimes();
    }

    /** Measures each tick's CPU time too (two more clock reads per tick), for {@link #stats()}. */
    public void measureTickCpu(boolean on) {
        measureTickCpu = on;
    }

    /** Takes the CPU-time baseline of every thread and starts ticking. */
    public void start() {
        lock.lock();
        try {
            scanThreads();
            pollCpu(true);
            if (schedule != null) schedule.read(scheduleEvents);
            firstTick = tickNo;
            beginWindow();
            started = true;
        } finally {
            lock.unlock();
        }
        thread.start();
    }

    /**
     * Stops ticking and flushes the last partial window. Waits at most {@code timeoutMillis} for the
     * sampler thread; never throws.
     */
    public void stop(long timeoutMillis) {
        stopping = true;
        try {
            LockSupport.unpark(thread);
            if (Thread.currentThread() != thread) thread.join(timeoutMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flushNow(timeoutMillis);
    }

    /**
     * Commits the events of the current, partial window and starts a new one. Called by JFR when a
     * chunk ends (including when the recording stops), so the last window lands in the recording.
     */
    public void flushNow(long timeoutMillis) {
        if (!started) return;
        boolean locked = false;
        try {
            locked = lock.tryLock(timeoutMillis, TimeUnit.MILLISECONDS);
            if (locked) flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            failed(t);
        } finally {
            if (locked) lock.unlock();
        }
    }

    public boolean running() {
        return started && !stopping && thread.isAlive();
    }

    public boolean wall() {
        return wall;
    }

    public long intervalNanos() {
        return intervalNanos;
    }

    public long tickCount() {
        return ticks;
    }

    /** Mean wall time of one tick in ns (0 before the first). */
    public long meanTickNanos() {
        long n = ticks;
        return n == 0 ? 0 : tickNanos / n;
    }

    public long maxTickNanos() {
        return maxTickNanos;
    }

    /** CPU time the sampler thread used so far (-1 when unknown). */
    public long samplerCpuNanos() {
        if (thread.isAlive()) {
            try {
                return threads.getThreadCpuTime(selfId);
            } catch (Throwable t) {
                return -1;
            }
        }
        return samplerCpuNanos;
    }

    /** One line describing the sampler's cost so far. */
    public String stats() {
        long n = ticks;
        StringBuilder s = new StringBuilder();
        s.append(wall ? "wall" : "cpu").append(" sampler: ").append(n).append(" ticks");
        if (n > 0) {
            s.append(", mean ").append(tickNanos / n / 1000).append(" us/tick, max ").append(maxTickNanos / 1000).append(" us");
            if (measureTickCpu) s.append(", cpu ").append(tickCpuNanos / n / 100 / 10.0).append(" us/tick");
        }
        s.append(", ").append(stackFetches).append(" stack fetches (").append(useDump ? "dump" : "handshake").append(")");
        s.append(", ").append(missedTicks).append(" missed ticks");
        long f = flushes;
        if (f > 0) s.append(", ").append(f).append(" flushes, mean ").append(flushNanosTotal / f / 1000).append(" us");
        long cpu = samplerCpuNanos();
        if (cpu >= 0) s.append(", sampler thread cpu ").append(cpu / 1_000_000).append(" ms");
        return s.toString();
    }

    private final class Loop implements Runnable {
        @Override
        public void run() {
            long step = wall ? intervalNanos : Math.min(flushNanos, CPU_POLL_NANOS);
            long next = System.nanoTime() + step;
            while (!stopping) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(this, wait);
                    continue;
                }
                lock.lock();
                try {
                    if (stopping) break;
                    if (wall) tick();
                    else scanThreads();
                    long now = System.nanoTime();
                    if (now - windowStart >= flushNanos - step / 2) flush();
                    else if (now - lastPoll >= CPU_POLL_NANOS - step / 2) pollCpu(false);
                    consecutiveFailures = 0;
                } catch (Throwable t) {
                    failed(t);
                } finally {
                    lock.unlock();
                }
                next += step;
                long late = System.nanoTime() - next;
                if (late > step) {
                    // fixed rate, but no burst of catch-up ticks after a stall
                    long skip = late / step;
                    missedTicks += skip;
                    next += skip * step;
                }
            }
            try {
                if (threads.isCurrentThreadCpuTimeSupported()) samplerCpuNanos = threads.getCurrentThreadCpuTime();
            } catch (Throwable ignored) {
                // unknown
            }
        }
    }

    private void failed(Throwable t) {
        AgentLog.once(failureLogged, "wall sampler error (sampling goes on): " + AgentLog.describe(t));
        if (++consecutiveFailures >= GIVE_UP_AFTER_FAILURES) stopping = true;
    }

    // ---------------------------------------------------------------- per tick (wall mode)

    private void tick() {
        long t0 = System.nanoTime();
        long c0 = measureTickCpu ? threads.getCurrentThreadCpuTime() : 0;
        tickNo++;
        long[] ids = threads.getAllThreadIds();
        if (seen.length < ids.length) seen = new ThreadRecord[ids.length + 16];
        int n = 0;
        for (long id : ids) {
            if (id == selfId) continue;
            ThreadRecord r = records.get(id);
            if (r == null) r = newRecord(id);
            r.lastSeenTick = tickNo;
            seen[n++] = r;
        }
        if (unresolved) resolveThreads();

        // Thread.getState() is a field read: enough for a waiting thread whose cached stack is still
        // trusted. Running threads (native or not?) and waiting ones due for a check go to getThreadInfo.
        int need = 0;
        for (int i = 0; i < n; i++) {
            ThreadRecord r = seen[i];
            seen[i] = null;
            Thread t = r.thread;
            if (t != null) {
                Thread.State s = t.getState();
                if (s == Thread.State.NEW || s == Thread.State.TERMINATED) continue;
                String cached = r.stackState;
                if (r.stack != null && !due(r)
                        && (waitingState(s) == cached || s == Thread.State.RUNNABLE && cached == NATIVE && r.idleRunnable)) {
                    count(r, cached, r.stack);
                    continue;
                }
            }
            if (need == needInfo.length) {
                ThreadRecord[] bigger = new ThreadRecord[need * 2];
                System.arraycopy(needInfo, 0, bigger, 0, need);
                needInfo = bigger;
            }
            needInfo[need++] = r;
        }
        if (need > 0) {
            long[] needIds = new long[need];
            for (int i = 0; i < need; i++) needIds[i] = needInfo[i].id;
            ThreadInfo[] infos = threads.getThreadInfo(needIds, 0);
            int fetch = 0;
            for (int i = 0; i < need; i++) {
                ThreadRecord r = needInfo[i];
                needInfo[i] = null;
                ThreadInfo info = infos[i];
                if (info == null) continue;
                if (info.getThreadState() == Thread.State.RUNNABLE && !info.isInNative()) r.javaTicks++;
                String state = stateOf(info, r);
                if (state == null) {
                    if (info.getThreadState() == Thread.State.RUNNABLE) r.runnableTicks++;
                    continue;
                }
                long blocked = info.getBlockedCount();
                long waited = info.getWaitedCount();
                if (r.stack != null && r.stackState == state && r.blockedCount == blocked && r.waitedCount == waited
                        && (state != NATIVE || !due(r))) {
                    if (state != NATIVE) r.lastCheckTick = tickNo;
                    count(r, state, r.stack);
                } else {
                    if (fetch == toFetch.length) growFetch();
                    toFetch[fetch] = r;
                    fetchState[fetch] = state;
                    fetchBlocked[fetch] = blocked;
                    fetchWaited[fetch] = waited;
                    fetch++;
                }
            }
            if (fetch > 0) {
                if (useDump) fetchByDump(fetch);
                else fetchByHandshake(fetch);
                for (int i = 0; i < fetch; i++) toFetch[i] = null;
            }
        }
        if (tickNo == firstTick + EARLY_IDLE_CHECK_TICKS) earlyIdleCheck();
        if (measureTickCpu) tickCpuNanos += threads.getCurrentThreadCpuTime() - c0;
        long spent = System.nanoTime() - t0;
        ticks++;
        tickNanos += spent;
        if (spent > maxTickNanos) maxTickNanos = spent;
    }

    /**
     * Whether a thread's cached stack is due for a check: a waiting thread's against its blocked and
     * waited counts every {@value #CHECK_TICKS} ticks, a native thread's by fetching it again every
     * {@value #NATIVE_REFRESH_TICKS} ticks (it can move without the counts changing); up to 8 times
     * less often for a thread whose fetched stack keeps coming back the same (a polling loop, a
     * JVM thread idle in native code).
     */
    private boolean due(ThreadRecord r) {
        int period = r.stackState == NATIVE ? NATIVE_REFRESH_TICKS << Math.min(r.stableHits, 3)
                : CHECK_TICKS << Math.min(r.stableHits, 3);
        return tickNo - r.lastCheckTick >= period;
    }

    private static String waitingState(Thread.State s) {
        switch (s) {
            case BLOCKED:
                return BLOCKED;
            case WAITING:
                return WAITING;
            case TIMED_WAITING:
                return TIMED_WAITING;
            default:
                return null;
        }
    }

    /**
     * The sampled state name of a thread not running Java code, or null for one running Java code (and
     * NEW, TERMINATED). A thread that is RUNNABLE but has used almost no CPU (the JVM's own threads
     * blocked inside the VM, like Reference Handler or Signal Dispatcher) counts as NATIVE: JFR never
     * samples it, and it is not running.
     */
    private static String stateOf(ThreadInfo info, ThreadRecord r) {
        if (info.getThreadState() == Thread.State.RUNNABLE) return info.isInNative() || r.idleRunnable ? NATIVE : null;
        return waitingState(info.getThreadState());
    }

    /**
     * Decides whether a thread seen running Java code {@code javaTicks} times used so little CPU that it
     * is in fact blocked in the VM (less than 1% of the time it would have used running).
     */
    private void judgeIdleRunnable(ThreadRecord r, long cpuNanos) {
        if (r.javaTicks >= MIN_TICKS_TO_JUDGE && cpuNanos >= 0) {
            boolean idle = cpuNanos * 100 < r.javaTicks * intervalNanos;
            if (idle != r.idleRunnable) {
                r.idleRunnable = idle;
                r.forgetStack();
            }
        } else if (r.javaTicks == 0 && r.idleRunnable && r.stackState != NATIVE) {
            r.idleRunnable = false;
        }
        r.javaTicks = 0;
    }

    /** Soon after the start, so that the first window already shows the JVM's idle threads right. */
    private void earlyIdleCheck() {
        int n = 0;
        for (ThreadRecord r : records.values()) if (r.javaTicks >= MIN_TICKS_TO_JUDGE) n++;
        if (n == 0) return;
        long[] ids = new long[n];
        ThreadRecord[] rs = new ThreadRecord[n];
        int i = 0;
        for (ThreadRecord r : records.values()) {
            if (r.javaTicks >= MIN_TICKS_TO_JUDGE) {
                rs[i] = r;
                ids[i++] = r.id;
            }
        }
        long[] cpu = cpuTimes(ids);
        for (i = 0; i < n; i++) {
            ThreadRecord r = rs[i];
            long used = cpu[i] >= 0 && r.idleProbeCpu >= 0 ? cpu[i] - r.idleProbeCpu : -1;
            if (used >= 0 && used * 100 < r.javaTicks * intervalNanos) {
                // counted as running so far in this window; from now on as native
                r.idleRunnable = true;
                r.forgetStack();
            }
        }
    }

    private void growFetch() {
        int n = toFetch.length * 2;
        toFetch = java.util.Arrays.copyOf(toFetch, n);
        fetchState = java.util.Arrays.copyOf(fetchState, n);
        fetchBlocked = java.util.Arrays.copyOf(fetchBlocked, n);
        fetchWaited = java.util.Arrays.copyOf(fetchWaited, n);
    }

    /** Keeps a fresh stack and tells how stable the thread's stack is (polling loops find the same one). */
    private void keep(ThreadRecord r, String state, String stack, long blocked, long waited) {
        if (r.stack != null && r.stackState == state && r.stack.equals(stack)) {
            if (r.stableHits < 8) r.stableHits++;
            stack = r.stack;
        } else {
            r.stableHits = 0;
        }
        r.cache(state, stack, blocked, waited);
        r.lastCheckTick = tickNo;
    }

    /**
     * Thread.getStackTrace of each thread: on JDK 19+ a handshake with that thread alone (cheap for a
     * thread that is blocked anyway). The state is read again afterwards; if it moved, the stack is used
     * for this tick but not kept.
     */
    private void fetchByHandshake(int n) {
        int dumpCount = 0;
        for (int i = 0; i < n; i++) {
            ThreadRecord r = toFetch[i];
            Thread t = r.thread;
            StackTraceElement[] frames = t == null || r.deepStack ? null : t.getStackTrace();
            if (frames != null) {
                stackFetches++;
                r.fetches++;
                if (frames.length >= HANDSHAKE_DEPTH_LIMIT) r.deepStack = true;
            }
            if (frames == null || r.deepStack) {
                // no Thread object, or cut at -XX:MaxJavaStackTraceDepth (1024): take the deeper way
                toFetch[dumpCount] = r;
                fetchState[dumpCount] = fetchState[i];
                fetchBlocked[dumpCount] = fetchBlocked[i];
                fetchWaited[dumpCount] = fetchWaited[i];
                dumpCount++;
                continue;
            }
            ThreadInfo after = threads.getThreadInfo(r.id, 0);
            if (after == null) continue; // ended meanwhile
            String state = fetchState[i];
            String stack = StackText.format(frames, MAX_DEPTH);
            if (stateOf(after, r) == state && after.getBlockedCount() == fetchBlocked[i] && after.getWaitedCount() == fetchWaited[i]) {
                keep(r, state, stack, fetchBlocked[i], fetchWaited[i]);
                stack = r.stack;
            } else {
                r.forgetStack();
            }
            count(r, state, stack);
        }
        if (dumpCount > 0) fetchByDump(dumpCount);
    }

    /** One getThreadInfo(ids, depth) for all: a consistent state and stack per thread, at one safepoint. */
    private void fetchByDump(int n) {
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) ids[i] = toFetch[i].id;
        ThreadInfo[] infos = threads.getThreadInfo(ids, MAX_DEPTH);
        stackFetches += n;
        for (int i = 0; i < n; i++) {
            ThreadInfo info = infos[i];
            if (info == null) continue;
            ThreadRecord r = toFetch[i];
            r.fetches++;
            String state = stateOf(info, r);
            if (state == null) {
                if (info.getThreadState() == Thread.State.RUNNABLE) r.runnableTicks++;
                r.forgetStack();
                continue;
            }
            keep(r, state, StackText.format(info.getStackTrace(), MAX_DEPTH), info.getBlockedCount(), info.getWaitedCount());
            count(r, state, r.stack);
        }
    }

    private void count(ThreadRecord r, String state, String stack) {
        ThreadRecord.Entry e = r.find(state, stack);
        if (e == null) {
            WaitSampleEvent event = spareWait.pollFirst();
            if (event == null) {
                event = new WaitSampleEvent();
                event.begin();
            }
            e = r.add(state, stack, event);
            waitEntriesInWindow++;
        }
        e.count++;
    }

    // ---------------------------------------------------------------- threads

    private ThreadRecord newRecord(long id) {
        ThreadRecord r = new ThreadRecord(id, NOT_POLLED);
        r.lastCheckTick = tickNo - id % CHECK_TICKS; // staggers the threads' checks
        ThreadActivityEvent activity = spareActivity.pollFirst();
        if (activity == null) {
            activity = new ThreadActivityEvent();
            activity.begin();
        }
        r.activity = activity;
        records.put(id, r);
        unresolved = true;
        newThreadsInWindow++;
        return r;
    }

    /** Finds the Thread objects of records that have none yet (JFR events need the Thread). */
    private void resolveThreads() {
        unresolved = false;
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) root = root.getParent();
        Thread[] all;
        int n;
        do {
            all = new Thread[root.activeCount() + 16];
            n = root.enumerate(all, true);
        } while (n == all.length);
        for (int i = 0; i < n; i++) {
            ThreadRecord r = records.get(all[i].getId());
            if (r != null && r.thread == null) r.thread = all[i];
        }
    }

    /** cpu mode, and the start: learns of new threads and of threads that ended. */
    private void scanThreads() {
        long[] ids = threads.getAllThreadIds();
        tickNo++;
        for (long id : ids) {
            if (id == selfId) continue;
            ThreadRecord r = records.get(id);
            if (r == null) r = newRecord(id);
            r.lastSeenTick = tickNo;
        }
        if (unresolved) resolveThreads();
    }

    /**
     * Reads the CPU time of every live thread and adds what it used since the last poll to its window.
     * A thread polled for the first time started after the last poll, so all its CPU time is new, unless
     * it has more than the time since the last poll: then it existed before as another Java thread (a
     * native thread that attached, like DestroyJavaVM, which is the launcher's main thread) and only
     * its later CPU time counts. At the start ({@code baseline}), every thread's current CPU time is the base.
     */
    private void pollCpu(boolean baseline) {
        long now = System.nanoTime();
        int n = 0;
        for (ThreadRecord r : records.values()) if (r.lastSeenTick == tickNo) n++;
        long[] ids = new long[n];
        ThreadRecord[] rs = new ThreadRecord[n];
        int i = 0;
        for (ThreadRecord r : records.values()) {
            if (r.lastSeenTick == tickNo) {
                rs[i] = r;
                ids[i++] = r.id;
            }
        }
        long[] cpu = cpuTimes(ids);
        long sinceLastPoll = now - lastPoll;
        for (i = 0; i < n; i++) {
            ThreadRecord r = rs[i];
            long c = cpu[i];
            if (c < 0) continue; // ended meanwhile, or unknown
            if (r.lastCpu == NOT_POLLED) {
                r.lastCpu = baseline || c > sinceLastPoll + 1_000_000 ? c : 0;
                r.idleProbeCpu = r.lastCpu;
            }
            if (c > r.lastCpu) {
                r.windowCpu += c - r.lastCpu;
                r.lastCpu = c;
            }
            r.cpuKnown = true;
        }
        lastPoll = now;
    }

    private boolean cpuTimeOn() {
        try {
            return threads.isThreadCpuTimeSupported() && threads.isThreadCpuTimeEnabled();
        } catch (Throwable t) {
            return false;
        }
    }

    /** CPU time of each thread, -1 for ended ones or when unknown. */
    private long[] cpuTimes(long[] ids) {
        long[] cpu;
        if (!cpuTimeOn()) {
            cpu = new long[ids.length];
            java.util.Arrays.fill(cpu, -1);
            return cpu;
        }
        if (sunThreads != null) return sunThreads.getThreadCpuTime(ids);
        cpu = new long[ids.length];
        for (int i = 0; i < ids.length; i++) cpu[i] = threads.getThreadCpuTime(ids[i]);
        return cpu;
    }

    // ---------------------------------------------------------------- windows

    /** One jprof.ThreadSchedule per OS thread that ran in the window, committed as the window ends. */
    private static final class ScheduleEvents implements SchedulerTimes.Sink {
        @Override
        public void thread(long osThreadId, long runNanos, long waitNanos, long timeslices, boolean jfrSampler) {
            ThreadScheduleEvent event = new ThreadScheduleEvent();
            event.begin();
            event.osThreadId = osThreadId;
            event.runNanos = runNanos;
            event.waitNanos = waitNanos;
            event.timeslices = timeslices;
            event.jfrSampler = jfrSampler;
            event.commit();
        }
    }

    /** Commits the window's events and begins the next window. Under the lock. */
    private void flush() {
        long t0 = System.nanoTime();
        if (!wall) scanThreads();
        else if (unresolved) resolveThreads();
        pollCpu(false);
        for (Iterator<ThreadRecord> it = records.values().iterator(); it.hasNext(); ) {
            ThreadRecord r = it.next();
            boolean alive = r.lastSeenTick == tickNo;
            long cpuNanos = r.cpuKnown ? r.windowCpu : -1;
            if (wall && alive) judgeIdleRunnable(r, cpuNanos);
            if (r.thread != null) {
                for (int i = 0; i < r.entryCount; i++) {
                    ThreadRecord.Entry e = r.entries[i];
                    WaitSampleEvent event = e.event;
                    event.end();
                    event.sampledThread = r.thread;
                    event.javaThreadId = r.id;
                    event.threadName = alive ? null : r.thread.getName();
                    event.state = e.state;
                    event.stack = e.stack;
                    event.count = e.count;
                    event.commit();
                }
                if (r.runnableTicks > 0 || cpuNanos > 0) {
                    ThreadActivityEvent activity = r.activity;
                    activity.end();
                    activity.sampledThread = r.thread;
                    activity.javaThreadId = r.id;
                    activity.threadName = alive ? null : r.thread.getName();
                    activity.runnableTicks = r.runnableTicks;
                    activity.cpuNanos = cpuNanos;
                    activity.commit();
                }
            }
            r.clearWindow();
            if (!alive) it.remove();
        }
        if (schedule != null) schedule.read(scheduleEvents);
        beginWindow();
        flushes++;
        flushNanosTotal += System.nanoTime() - t0;
    }

    /** A new window: every thread's activity event and a few spare events begin now. */
    private void beginWindow() {
        windowStart = System.nanoTime();
        for (ThreadRecord r : records.values()) {
            ThreadActivityEvent activity = new ThreadActivityEvent();
            activity.begin();
            r.activity = activity;
        }
        spareActivity.clear();
        int activities = Math.max(8, 2 * newThreadsInWindow);
        for (int i = 0; i < activities; i++) {
            ThreadActivityEvent e = new ThreadActivityEvent();
            e.begin();
            spareActivity.add(e);
        }
        spareWait.clear();
        if (wall) {
            int waits = Math.max(16, waitEntriesInWindow + 8);
            for (int i = 0; i < waits; i++) {
                WaitSampleEvent e = new WaitSampleEvent();
                e.begin();
                spareWait.add(e);
            }
        }
        newThreadsInWindow = 0;
        waitEntriesInWindow = 0;
    }
}
