package dev.jprof.agent.trace;

import java.util.Arrays;

/**
 * One thread's call tree: node 0 is the thread's root, every other node a method called through one
 * path, with its number of calls and total time. {@code cursor} is the node of the call running now; the
 * open calls are the cursor and its ancestors, each node at most once, so a node's {@code start} holds
 * its open call's start time and no separate stack is kept. Only its own thread writes it, so the hooks
 * take no lock; the writer at exit reads it as it is.
 */
public final class ThreadTrace {
    final String threadName;
    final long threadId;
    final int generation;
    /** A virtual thread's trace is merged into one shared tree whenever its stack empties, then dropped. */
    final boolean virtual;

    int[] method;
    int[] parent;
    /** The node last entered under each node, tried before the table. */
    int[] lastChild;
    long[] calls;
    long[] time;
    long[] start;
    int nodes = 1;
    int cursor;

    /** (parent, method) to node + 1, open addressing. */
    private long[] keys;
    private int[] values;

    /** Root methods on this thread's stack, when only calls under roots count. */
    int roots;
    /** Non-zero while jprof's own code runs on this thread: calls of traced JDK methods then do not count. */
    int busy;

    ThreadTrace(String threadName, long threadId, int generation, boolean virtual) {
        this.threadName = threadName;
        this.threadId = threadId;
        this.generation = generation;
        this.virtual = virtual;
        int size = virtual ? 8 : 64;
        method = new int[size];
        parent = new int[size];
        lastChild = new int[size];
        calls = new long[size];
        time = new long[size];
        start = new long[size];
        keys = new long[size * 2];
        values = new int[size * 2];
        method[0] = -1;
    }

    /** Whether a call entering now counts; a root call starts counting. */
    boolean enterRoot(boolean root) {
        if (root) roots++;
        return roots > 0;
    }

    /** The node of a call of {@code m} from the cursor, created on its first call. */
    int enter(int m) {
        int here = cursor;
        int node = lastChild[here];
        if (method[node] != m) node = childOf(here, m);
        calls[node]++;
        cursor = node;
        return node;
    }

    /** Closes the cursor's call if it is one of {@code m} (an exit after a failed one is not). */
    void exit(int m) {
        int node = cursor;
        if (method[node] != m) return;
        int up = parent[node];
        cursor = up;
        if (up == 0 && virtual) Tracer.retire(this);
    }

    /** {@link #exit(int)}, adding the call's time since its {@code start}. */
    void exit(int m, long now) {
        int node = cursor;
        if (method[node] != m) return;
        time[node] += now - start[node];
        int up = parent[node];
        cursor = up;
        if (up == 0 && virtual) Tracer.retire(this);
    }

    private int childOf(int here, int m) {
        busy++;
        try {
            int node = child(here, m);
            lastChild[here] = node;
            return node;
        } finally {
            busy--;
        }
    }

    /** Adds this tree's calls and times into {@code into} (the shared tree of virtual threads). */
    void mergeInto(ThreadTrace into) {
        int[] map = new int[nodes];
        for (int n = 1; n < nodes; n++) {
            int node = into.child(map[parent[n]], method[n]);
            map[n] = node;
            into.calls[node] += calls[n];
            into.time[node] += time[n];
        }
    }

    int child(int parentNode, int m) {
        long key = ((long) parentNode << 32) | (m & 0xffffffffL);
        int mask = keys.length - 1;
        int i = hash(key) & mask;
        while (values[i] != 0) {
            if (keys[i] == key) return values[i] - 1;
            i = (i + 1) & mask;
        }
        int node = newNode(parentNode, m);
        keys[i] = key;
        values[i] = node + 1;
        if (nodes * 2 > keys.length) rehash();
        return node;
    }

    private static int hash(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    private int newNode(int parentNode, int m) {
        int n = nodes;
        if (n == method.length) {
            int size = n * 2;
            // time and calls first: a reader at exit takes the arrays one by one
            calls = Arrays.copyOf(calls, size);
            time = Arrays.copyOf(time, size);
            start = Arrays.copyOf(start, size);
            lastChild = Arrays.copyOf(lastChild, size);
            parent = Arrays.copyOf(parent, size);
            method = Arrays.copyOf(method, size);
        }
        method[n] = m;
        parent[n] = parentNode;
        nodes = n + 1;
        return n;
    }

    private void rehash() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new int[oldKeys.length * 2];
        int mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldValues[j] == 0) continue;
            int i = hash(oldKeys[j]) & mask;
            while (values[i] != 0) i = (i + 1) & mask;
            keys[i] = oldKeys[j];
            values[i] = oldValues[j];
        }
    }
}
