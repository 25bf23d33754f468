package dev.jprof.capture.jfr.file;

/**
 * A stack trace from a chunk's constant pool, leaf frame first. One object can be filled again and
 * again ({@link JfrEvent#readStackTrace}), so reading a large recording does not allocate per trace.
 * Its names are resolved through the chunk it was read from: use them before the next chunk.
 */
public final class JfrStackTrace {
    private ConstantPools pools;
    private boolean truncated;
    private int depth;
    long[] methods = new long[64];
    int[] lines = new int[64];
    long[] types = new long[64];

    /** An empty trace, to be filled by {@link JfrEvent#readStackTrace}. */
    public JfrStackTrace() {
    }

    void reset(ConstantPools from, int frames, boolean clear) {
        this.pools = from;
        if (methods.length < frames) {
            int size = Math.max(frames, methods.length * 2);
            methods = new long[size];
            lines = new int[size];
            types = new long[size];
        }
        if (!clear) return;
        // fields the chunk's frames lack read as 0
        java.util.Arrays.fill(methods, 0, frames, 0);
        java.util.Arrays.fill(lines, 0, frames, 0);
        java.util.Arrays.fill(types, 0, frames, 0);
    }

    void finish(ConstantPools from, int frames, boolean cut) {
        this.pools = from;
        this.depth = frames;
        this.truncated = cut;
    }

    /** Whether the JVM cut the stack at its maximum depth. */
    public boolean truncated() {
        return truncated;
    }

    public int depth() {
        return depth;
    }

    /** The chunk's key of frame {@code i}'s method: the same method has the same key within one chunk. */
    public long methodKey(int i) {
        return methods[check(i)];
    }

    /** Identifies the chunk the trace comes from: method keys are comparable only between traces of one chunk. */
    public Object chunk() {
        return pools;
    }

    /** The class of frame {@code i} (0 is the leaf), dotted, "" when unknown. */
    public String className(int i) {
        return pools.method(methods[check(i)])[0];
    }

    public String methodName(int i) {
        return pools.method(methods[check(i)])[1];
    }

    public int line(int i) {
        return lines[check(i)];
    }

    /** The chunk's key of frame {@code i}'s frame type (a handful of values per chunk). */
    public long frameTypeKey(int i) {
        return types[check(i)];
    }

    /** JFR's frame type: "Interpreted", "JIT compiled", "Inlined", "Native", or null. */
    public String frameType(int i) {
        return pools.frameType(types[check(i)]);
    }

    private int check(int i) {
        if (i < 0 || i >= depth) throw new IndexOutOfBoundsException("frame " + i + " of " + depth);
        return i;
    }
}
