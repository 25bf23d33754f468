package dev.jprof.agent.trace;

import java.util.Arrays;

/**
 * One thread's call tree: node 0 is the thread's root, every other node a method called through one
 * path, with its number of calls and total time. Only its own thread writes it, so the hooks take no
 * lock; the writer at exit reads it as it is.
 */
public final class ThreadTrace {
    final String threadName;
    final long threadId;
    final int generation;
    /** A virtual thread's trace is merged into one shared tree whenever its stack empties, then dropped. */
    final boolean virtual;

    int[] method;
    int[] parent;
    long[] calls;
    long[] time;
    int nodes = 1;

    /** (parent, method) to node + 1, open addressing. */
    private long[] keys;
    private int[] values;
    /** The node last entered under each node, tried before the table. */
    private int[] lastChild;

    int[] stackNode;
    long[] stackStart;
    int depth;
    int current;
    /** Root methods on this thread's stack, when only calls under roots count. */
    int roots;

    ThreadTrace(String threadName, long threadId, int generation, boolean virtual) {
        this.threadName = threadName;
        this.threadId = threadId;
        this.generation = generation;
        this.virtual = virtual;
        int size = virtual ? 8 : 64;
        method = new int[size];
        parent = new int[size];
        calls = new long[size];
        time = new long[size];
        lastChild = new int[size];
        keys = new long[size * 2];
        values = new int[size * 2];
        stackNode = new int[size];
        stackStart = new long[size];
        method[0] = -1;
        parent[0] = -1;
    }

    /** Whether a call entering now counts; a root call starts counting. */
    boolean enterRoot(boolean root) {
        if (root) roots++;
        return roots > 0;
    }

    /** Whether a call leaving now counted; its exit is still recorded when it ends the last root. */
    boolean exitRoot(boolean root) {
        if (roots == 0) return false;
        if (root) roots--;
        return true;
    }

    void enter(int m, long now) {
        int here = current;
        int node = lastChild[here];
        if (node == 0 || method[node] != m) {
            node = child(here, m);
            lastChild[here] = node;
        }
        calls[node]++;
        int d = depth;
        if (d == stackNode.length) growStack();
        stackNode[d] = node;
        stackStart[d] = now;
        depth = d + 1;
        current = node;
    }

    void exit(int m, long now) {
        int d = depth - 1;
        if (d < 0) return;
        int node = stackNode[d];
        if (method[node] != m) {
            // an exit whose enter happened before tracing began, or frames left by an error inside a hook
            int k = d;
            while (k >= 0 && method[stackNode[k]] != m) k--;
            if (k < 0) return;
            for (int j = d; j > k; j--) time[stackNode[j]] += now - stackStart[j];
            d = k;
            node = stackNode[k];
        }
        time[node] += now - stackStart[d];
        depth = d;
        current = parent[node];
        if (d == 0 && virtual) Tracer.retire(this);
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
            method = Arrays.copyOf(method, size);
            parent = Arrays.copyOf(parent, size);
            lastChild = Arrays.copyOf(lastChild, size);
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

    private void growStack() {
        stackNode = Arrays.copyOf(stackNode, stackNode.length * 2);
        stackStart = Arrays.copyOf(stackStart, stackStart.length * 2);
    }
}
