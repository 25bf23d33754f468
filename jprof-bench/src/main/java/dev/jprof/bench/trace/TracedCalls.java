package dev.jprof.bench.trace;

/** The method whose calls are traced: a tiny leaf, so the hooks' cost is all there is to see. */
public final class TracedCalls {
    private TracedCalls() {
    }

    public static int leaf(int x) {
        return x * 31 + 7;
    }
}
