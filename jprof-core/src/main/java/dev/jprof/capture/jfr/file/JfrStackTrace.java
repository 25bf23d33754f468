package dev.jprof.capture.jfr.file;

/**
 * A stack trace from a chunk's constant pool, leaf frame first. Events of one chunk that refer to
 * the same trace get the same object.
 */
public final class JfrStackTrace {
    private final ConstantPools pools;
    private final boolean truncated;
    private final long[] methods;
    private final int[] lines;
    private final long[] types;

    JfrStackTrace(ConstantPools pools, boolean truncated, long[] methods, int[] lines, long[] types) {
        this.pools = pools;
        this.truncated = truncated;
        this.methods = methods;
        this.lines = lines;
        this.types = types;
    }

    /** Whether the JVM cut the stack at its maximum depth. */
    public boolean truncated() {
        return truncated;
    }

    public int depth() {
        return methods.length;
    }

    /** The chunk's key of frame {@code i}'s method: the same method has the same key within one chunk. */
    public long methodKey(int i) {
        return methods[i];
    }

    /** Identifies the chunk the trace comes from: method keys are comparable only between traces of one chunk. */
    public Object chunk() {
        return pools;
    }

    /** The class of frame {@code i} (0 is the leaf), dotted, "" when unknown. */
    public String className(int i) {
        return pools.method(methods[i])[0];
    }

    public String methodName(int i) {
        return pools.method(methods[i])[1];
    }

    public int line(int i) {
        return lines[i];
    }

    /** The chunk's key of frame {@code i}'s frame type (a handful of values per chunk). */
    public long frameTypeKey(int i) {
        return types[i];
    }

    /** JFR's frame type: "Interpreted", "JIT compiled", "Inlined", "Native", or null. */
    public String frameType(int i) {
        return pools.frameType(types[i]);
    }
}
