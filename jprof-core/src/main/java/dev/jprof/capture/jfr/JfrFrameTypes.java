package dev.jprof.capture.jfr;

import dev.jprof.capture.jfr.file.JfrEvent;
import dev.jprof.model.FrameKind;

/**
 * The frame kinds of JFR's {@code jdk.types.FrameType} names, as JFR and async-profiler write them.
 *
 * <p>The two disagree on one name: JFR's "Native" is a Java method declared {@code native} (a Java
 * frame, such as {@code Deflater.deflateBytes}), while async-profiler's "Native" is machine code of a
 * native library (libz, libc) and it marks Java native methods "Interpreted"; its "C++" is the JVM's
 * own code and "Kernel" the kernel's.
 */
final class JfrFrameTypes {
    /** An event type only async-profiler declares in the metadata of its recordings. */
    private static final String ASYNC_PROFILER_EVENT = "profiler.Log";

    private JfrFrameTypes() {
    }

    static boolean writtenByAsyncProfiler(JfrEvent event) {
        return event.typeId(ASYNC_PROFILER_EVENT) >= 0;
    }

    static FrameKind kind(String type, boolean asyncProfiler) {
        if (type == null) return FrameKind.UNKNOWN;
        switch (type) {
            case "Interpreted":
                return FrameKind.INTERPRETED;
            case "JIT compiled":
            case "C1 compiled":
            case "C2 compiled":
                return FrameKind.COMPILED;
            case "Inlined":
                return FrameKind.INLINED;
            case "Native":
                return asyncProfiler ? FrameKind.NATIVE : FrameKind.INTERPRETED;
            case "C++":
                return FrameKind.VM;
            case "Kernel":
                return FrameKind.KERNEL;
            default:
                return FrameKind.UNKNOWN;
        }
    }
}
