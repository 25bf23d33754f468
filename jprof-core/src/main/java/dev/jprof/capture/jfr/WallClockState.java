package dev.jprof.capture.jfr;

import dev.jprof.model.FrameKind;
import dev.jprof.model.ThreadState;

/**
 * The thread state of an async-profiler wall-clock sample. async-profiler tells only whether the
 * thread was on a CPU (STATE_RUNNABLE) or not (STATE_SLEEPING); the Java state comes from where the
 * thread was: its last Java frames (Thread.sleep, Object.wait, Unsafe.park), the JVM function it waits
 * in (a monitor's entry, a VM-internal wait), or native library code called from Java (a native
 * method, blocked in the kernel or running).
 */
final class WallClockState {
    private WallClockState() {
    }

    static ThreadState of(String state, StackInterner stacks, int stack) {
        boolean running = !"STATE_SLEEPING".equals(state);
        int depth = stack < 0 ? 0 : stacks.depth(stack);
        int java = 0;
        while (java < depth && stacks.kind(stack, java).isNativeCode()) java++;
        if (java == depth) return running ? ThreadState.RUNNABLE : ThreadState.UNKNOWN;
        // the first machine-code frame the Java code called: a native library's (a native method) or the JVM's
        boolean calledNativeLibrary = java > 0 && stacks.kind(stack, java - 1) == FrameKind.NATIVE;
        if (running) return calledNativeLibrary ? ThreadState.NATIVE : ThreadState.RUNNABLE;
        ThreadState waiting = javaWait(stacks, stack, java, depth);
        if (waiting != null) return waiting;
        for (int i = java - 1; i >= 0; i--) {
            if (stacks.kind(stack, i) != FrameKind.VM) continue;
            ThreadState inVm = vmWait(stacks.methodName(stack, i));
            if (inVm != null) return inVm;
        }
        // off the CPU in plain Java code: the JVM stopped it, which for a Java thread is mostly a monitor
        return calledNativeLibrary ? ThreadState.NATIVE : ThreadState.BLOCKED;
    }

    private static ThreadState vmWait(String function) {
        if (function.startsWith("ObjectMonitor::enter") || function.startsWith("ObjectMonitor::EnterI")
                || function.startsWith("ObjectSynchronizer::enter") || function.contains("monitorenter")
                || function.startsWith("SharedRuntime::complete_monitor_locking")) {
            return ThreadState.BLOCKED;
        }
        if (function.endsWith("::wait") || function.endsWith("::park") || function.contains("::wait_")) return ThreadState.WAITING;
        return null;
    }

    private static ThreadState javaWait(StackInterner stacks, int stack, int top, int depth) {
        String cls = stacks.className(stack, top);
        String method = stacks.methodName(stack, top);
        if (cls.equals("java.lang.Thread") && method.startsWith("sleep")) return ThreadState.TIMED_WAITING;
        if (cls.equals("java.lang.Object") && method.startsWith("wait")) return ThreadState.WAITING;
        if (method.equals("park") && (cls.equals("jdk.internal.misc.Unsafe") || cls.equals("sun.misc.Unsafe"))) {
            for (int i = top + 1; i < depth; i++) {
                if (stacks.className(stack, i).equals("java.util.concurrent.locks.LockSupport")) {
                    String caller = stacks.methodName(stack, i);
                    return caller.equals("parkNanos") || caller.equals("parkUntil") ? ThreadState.TIMED_WAITING : ThreadState.WAITING;
                }
            }
            return ThreadState.WAITING;
        }
        return null;
    }
}
