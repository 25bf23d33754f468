package dev.jprof.agent.wall;

import dev.jprof.agent.jfr.ThreadActivityEvent;
import dev.jprof.agent.jfr.WaitSampleEvent;

/** What the sampler knows of one thread: its cached stack and the counts of the current window. Used under the sampler's lock. */
final class ThreadRecord {
    final long id;
    Thread thread;
    long lastSeenTick;
    /** CPU time at the last poll. */
    long lastCpu;
    /** CPU time used in the current window so far, and whether it could be read at all. */
    long windowCpu;
    boolean cpuKnown;

    // cached stack of a thread that is not running Java code: valid while state and counts stay the same
    String stackState;
    String stack;
    long blockedCount;
    long waitedCount;

    // the current window
    long runnableTicks;
    ThreadActivityEvent activity;
    Entry[] entries = new Entry[2];
    int entryCount;

    /** Tick at which the cached stack was last fetched, or checked against the counts. */
    long lastCheckTick;
    /** Fetches in a row that found the cached stack unchanged although the counts moved (polling loops). */
    int stableHits;
    /** Deeper than Thread.getStackTrace goes (1024 frames): fetched with getThreadInfo instead. */
    boolean deepStack;
    /** Stacks fetched for this thread (statistics). */
    long fetches;

    // RUNNABLE threads that use no CPU (blocked inside the VM) count as NATIVE
    long javaTicks;
    boolean idleRunnable;
    long idleProbeCpu;

    ThreadRecord(long id, long lastCpu) {
        this.id = id;
        this.lastCpu = lastCpu;
        this.idleProbeCpu = lastCpu;
    }

    void cache(String state, String stack, long blocked, long waited) {
        this.stackState = state;
        this.stack = stack;
        this.blockedCount = blocked;
        this.waitedCount = waited;
    }

    void forgetStack() {
        this.stack = null;
        this.stackState = null;
        this.stableHits = 0;
    }

    /** The entry of this state and stack in the current window, or null. */
    Entry find(String state, String stack) {
        for (int i = 0; i < entryCount; i++) {
            Entry e = entries[i];
            if (e.state == state && (e.stack == stack || e.stack.equals(stack))) return e;
        }
        return null;
    }

    Entry add(String state, String stack, WaitSampleEvent event) {
        if (entryCount == entries.length) {
            Entry[] bigger = new Entry[entries.length * 2];
            System.arraycopy(entries, 0, bigger, 0, entryCount);
            entries = bigger;
        }
        Entry e = new Entry(state, stack, event);
        entries[entryCount++] = e;
        return e;
    }

    void clearWindow() {
        for (int i = 0; i < entryCount; i++) entries[i] = null;
        entryCount = 0;
        runnableTicks = 0;
        activity = null;
        windowCpu = 0;
        cpuKnown = false;
    }

    /** Ticks at which the thread was in one state with one stack during the window. */
    static final class Entry {
        final String state;
        final String stack;
        final WaitSampleEvent event;
        int count;

        Entry(String state, String stack, WaitSampleEvent event) {
            this.state = state;
            this.stack = stack;
            this.event = event;
        }
    }
}
