package dev.jprof.render.threads;

import dev.jprof.capture.threads.ThreadDump;
import dev.jprof.capture.threads.ThreadDump.Deadlock;
import dev.jprof.capture.threads.ThreadDump.Frame;
import dev.jprof.capture.threads.ThreadDump.Link;
import dev.jprof.capture.threads.ThreadDump.Lock;
import dev.jprof.capture.threads.ThreadDump.ThreadEntry;

import java.io.PrintWriter;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * A thread dump for people, close to jstack's layout: a header, one block per thread (name, id,
 * state, daemon, CPU time; frames with source lines; the locks held and the one waited for), then
 * the deadlocks with their threads and locks.
 */
public final class ThreadDumpText {
    private ThreadDumpText() {
    }

    public static void write(ThreadDump dump, PrintWriter out) {
        long platform = dump.threads().stream().filter(t -> !t.virtual()).count();
        long virtual = dump.threads().size() - platform;
        out.printf(Locale.ROOT, "JVM %d  %s  Java %s  %s%n", dump.pid(), dump.mainClass().isEmpty() ? "?" : dump.mainClass(),
                dump.jvmVersion(), DateTimeFormatter.ISO_INSTANT.format(dump.taken().truncatedTo(ChronoUnit.MILLIS)));
        out.printf(Locale.ROOT, "%d threads (%d runnable, %d blocked, %d waiting, %d timed waiting)%s%s%n", platform,
                count(dump, Thread.State.RUNNABLE), count(dump, Thread.State.BLOCKED), count(dump, Thread.State.WAITING),
                count(dump, Thread.State.TIMED_WAITING), virtual > 0 ? ", " + virtual + " virtual threads" : "",
                dump.deadlocks().isEmpty() ? "" : ", " + deadlocks(dump.deadlocks().size()) + " (see the end)");
        for (String note : dump.notes()) out.println("note: " + note);
        for (ThreadEntry thread : dump.threads()) {
            out.println();
            thread(thread, out);
        }
        for (Deadlock deadlock : dump.deadlocks()) {
            out.println();
            deadlock(deadlock, out);
        }
        out.flush();
    }

    private static long count(ThreadDump dump, Thread.State state) {
        return dump.threads().stream().filter(t -> !t.virtual() && t.state() == state).count();
    }

    private static String deadlocks(int n) {
        return n == 1 ? "1 DEADLOCK" : n + " DEADLOCKS";
    }

    static void thread(ThreadEntry t, PrintWriter out) {
        StringBuilder head = new StringBuilder("\"").append(t.name()).append("\" #").append(t.id());
        if (t.virtual()) head.append(" virtual");
        else if (t.daemon()) head.append(" daemon");
        head.append(' ').append(t.state() == null ? "" : t.state());
        if (t.inNative()) head.append(" (in native)");
        if (t.suspended()) head.append(" (suspended)");
        if (t.cpuNanos() >= 0) head.append(String.format(Locale.ROOT, "  cpu=%.2fms", t.cpuNanos() / 1e6));
        out.println(head.toString().stripTrailing());
        for (int d = 0; d < t.stack().size(); d++) {
            Frame frame = t.stack().get(d);
            out.println("    at " + frame.text());
            if (d == 0 && t.waitingFor() != null) out.println("    - " + waitLine(t, frame));
            for (Lock lock : frame.locked()) out.println("    - locked " + lock.text());
        }
        if (t.stack().isEmpty() && t.waitingFor() != null) out.println("    - " + waitLine(t, null));
        if (!t.lockedSynchronizers().isEmpty()) {
            out.println("    Locked synchronizers:");
            for (Lock lock : t.lockedSynchronizers()) out.println("    - " + lock.text());
        }
    }

    private static String waitLine(ThreadEntry t, Frame top) {
        String owner = t.waitingForOwnerName() == null ? ""
                : " held by \"" + t.waitingForOwnerName() + "\" #" + t.waitingForOwnerId();
        String verb;
        if (t.state() == Thread.State.BLOCKED) verb = "waiting to lock ";
        else if (top != null && top.className().equals("java.lang.Object") && top.method().startsWith("wait")) verb = "waiting on ";
        else verb = "parking to wait for ";
        return verb + t.waitingFor().text() + owner;
    }

    static void deadlock(Deadlock deadlock, PrintWriter out) {
        out.println("DEADLOCK: " + deadlock.cycle().size() + " threads wait for each other:");
        for (Link link : deadlock.cycle()) {
            out.printf("  \"%s\" #%d waits for %s, held by \"%s\" #%d%n", link.threadName(), link.threadId(),
                    link.waitsFor() == null ? "?" : link.waitsFor().text(), link.ownerName(), link.ownerId());
        }
    }
}
