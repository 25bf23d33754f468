package dev.jprof.model;

/** How a frame was executing when sampled; drives colours and annotations. */
public enum FrameKind {
    INTERPRETED,
    COMPILED,
    INLINED,
    NATIVE,
    KERNEL,
    /** Not code: a thread, process or state root that a transform put on top of a stack. */
    SYNTHETIC,
    UNKNOWN,
    /** Not code: the type of the objects allocated by the stack below it (allocation profiles). */
    ALLOCATION,
    /** The JVM's own C++ code (interpreter runtime, allocation slow paths, GC, JIT), as async-profiler sees it. */
    VM,
    /** Not code: the class of the lock that the stack below it waited for (lock profiles). */
    LOCK;

    private static final FrameKind[] VALUES = values();

    public static FrameKind of(int ordinal) {
        return VALUES[ordinal];
    }

    /** Machine code outside Java methods: native libraries, the JVM itself, the kernel. */
    public boolean isNativeCode() {
        return this == NATIVE || this == VM || this == KERNEL;
    }
}
