package dev.jprof.transform;

/**
 * What a JVM thread without Java frames works at, told by HotSpot's thread names (as the OS keeps
 * them: 15 characters), as one frame's name.
 */
final class JvmWork {
    private JvmWork() {
    }

    static String of(String threadName) {
        if (threadName.startsWith("C1 Compiler") || threadName.startsWith("C2 Compiler")
                || threadName.startsWith("JVMCI") || threadName.startsWith("Sweeper")) {
            return "[JVM: JIT compiler]";
        }
        if (threadName.startsWith("GC Thread") || threadName.startsWith("G1 ") || threadName.startsWith("ParGC")
                || threadName.startsWith("Parallel GC") || threadName.startsWith("ZGC") || threadName.startsWith("Z ")
                || threadName.startsWith("Shenandoah") || threadName.startsWith("VM Periodic") || threadName.contains("GC")) {
            return "[JVM: GC]";
        }
        if (threadName.equals("VM Thread")) return "[JVM: VM operations]";
        return "[JVM: other]";
    }
}
