package dev.jprof.top;

import java.util.List;

/** What one sample says: this thread ran this stack (leaf first). Equal stacks of a thread are one key. */
record StackSample(String thread, List<Frame> frames) {
    /** A method at a line (-1 when unknown). */
    record Frame(String className, String method, int line) {
        String name() {
            return className.isEmpty() ? method : className + "." + method;
        }
    }
}
