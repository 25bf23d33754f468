package dev.jprof.top;

import java.util.List;

/**
 * What one sample says: a thread ran this stack (leaf first) for an estimated {@code nanos} of CPU.
 * Equal stacks of a thread are counted under one key.
 */
record StackSample(String thread, List<Frame> frames) {
    /** A method at a line (-1 when unknown). */
    record Frame(String className, String method, int line) {
        String name() {
            return className.isEmpty() ? method : className + "." + method;
        }
    }
}
