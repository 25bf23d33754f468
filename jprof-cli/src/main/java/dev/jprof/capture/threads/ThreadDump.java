package dev.jprof.capture.threads;

import java.time.Instant;
import java.util.List;

/**
 * Every thread of a JVM at one moment: stacks with source lines, states, CPU times, the monitors and
 * synchronizers each thread holds or waits for, and the deadlocks among them.
 *
 * @param pid            the JVM's process id
 * @param jvmVersion     java.vm.version of the JVM
 * @param mainClass      its main class or jar ("" when unknown)
 * @param taken          when the threads were read
 * @param threads        platform threads first (in the JVM's order), then virtual threads
 * @param deadlocks      cycles of threads waiting for each other's locks
 * @param notes          what the dump could not show and why (empty when complete)
 */
public record ThreadDump(long pid, String jvmVersion, String mainClass, Instant taken, List<ThreadEntry> threads,
                         List<Deadlock> deadlocks, List<String> notes) {

    /** One thread. {@code cpuNanos} is -1 when unknown (virtual threads, or a JVM that does not measure it). */
    public record ThreadEntry(String name, long id, Thread.State state, boolean daemon, boolean virtual, long cpuNanos,
                              List<Frame> stack, Lock waitingFor, String waitingForOwnerName, long waitingForOwnerId,
                              List<Lock> lockedSynchronizers, boolean inNative, boolean suspended) {
        /** The monitors this thread holds, over all frames. */
        public List<Lock> lockedMonitors() {
            return stack.stream().flatMap(f -> f.locked().stream()).toList();
        }
    }

    /** A stack frame, with the monitors locked in it (entered by a synchronized block or method of this frame). */
    public record Frame(String className, String method, String file, int line, boolean nativeMethod, List<Lock> locked) {
        /** jstack's form: {@code dev.Foo.bar(Foo.java:42)}. */
        public String text() {
            String where;
            if (nativeMethod) where = "Native Method";
            else if (file == null || file.isEmpty()) where = "Unknown Source";
            else where = line > 0 ? file + ":" + line : file;
            return className + "." + method + "(" + where + ")";
        }
    }

    /** A monitor or synchronizer, named as the JVM names it: class and identity hash. */
    public record Lock(String className, int identityHash) {
        public String text() {
            return className + "@" + Integer.toHexString(identityHash);
        }
    }

    /** A cycle: each link's thread waits for a lock held by the next link's thread, the last by the first. */
    public record Deadlock(List<Link> cycle) {
    }

    /** A thread in a deadlock, the lock it waits for and who holds it. */
    public record Link(String threadName, long threadId, Lock waitsFor, String ownerName, long ownerId) {
    }

    public long count(Thread.State state) {
        return threads.stream().filter(t -> t.state() == state).count();
    }
}
