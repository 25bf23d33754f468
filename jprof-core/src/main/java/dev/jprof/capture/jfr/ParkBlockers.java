package dev.jprof.capture.jfr;

import java.util.List;

/**
 * Which parks of jdk.ThreadPark are waits for a lock. A thread parks on a lock it cannot take, but
 * also to wait for a signal or for work: an idle pool thread in its queue's Condition.await, a caller
 * in Future.get, a latch or a barrier. Those are waiting, not contention, and would bury the locks.
 *
 * <p>Kept, by the class of the park's blocker: the JDK's locks (ReentrantLock, ReentrantReadWriteLock,
 * Semaphore, the ones async-profiler's lock mode keeps, and StampedLock). Left out: parks without a
 * blocker and every other blocker, among them the JDK's conditions, queues, pools, futures, latches,
 * barriers and phasers, and synchronizers of other libraries (a class name cannot tell a lock from a future).
 */
final class ParkBlockers {
    private static final List<String> LOCKS = List.of(
            "java.util.concurrent.locks.ReentrantLock",
            "java.util.concurrent.locks.ReentrantReadWriteLock",
            "java.util.concurrent.Semaphore",
            "java.util.concurrent.locks.StampedLock");

    private ParkBlockers() {
    }

    /** Whether a park on a blocker of this class (null: none) waits for a lock. */
    static boolean isLock(String blockerClass) {
        if (blockerClass == null) return false;
        for (String lock : LOCKS) {
            if (blockerClass.startsWith(lock) && (blockerClass.length() == lock.length() || blockerClass.charAt(lock.length()) == '$')) {
                return true;
            }
        }
        return false;
    }
}
