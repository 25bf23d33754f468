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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
        StringBuilder text = new StringBuilder();
        text.append("JVM ").append(dump.pid()).append("  ").append(dump.mainClass().isEmpty() ? "?" : dump.mainClass())
                .append("  Java ").append(dump.jvmVersion()).append("  ")
                .append(DateTimeFormatter.ISO_INSTANT.format(dump.taken().truncatedTo(ChronoUnit.MILLIS))).append('\n');
        text.append(platform).append(" threads (").append(count(dump, Thread.State.RUNNABLE)).append(" runnable, ")
                .append(count(dump, Thread.State.BLOCKED)).append(" blocked, ").append(count(dump, Thread.State.WAITING))
                .append(" waiting, ").append(count(dump, Thread.State.TIMED_WAITING)).append(" timed waiting)");
        if (virtual > 0) text.append(", ").append(virtual).append(" virtual threads");
        if (!dump.deadlocks().isEmpty()) text.append(", ").append(deadlocks(dump.deadlocks().size())).append(" (see the end)");
        text.append('\n');
        for (String note : dump.notes()) text.append("note: ").append(note).append('\n');
        Map<List<Object>, List<ThreadEntry>> virtualByStack = new LinkedHashMap<>();
        for (ThreadEntry thread : dump.threads()) {
            if (thread.virtual()) {
                virtualByStack.computeIfAbsent(List.of(String.valueOf(thread.state()), thread.stack()), k -> new ArrayList<>()).add(thread);
                continue;
            }
            text.append('\n');
            thread(thread, text);
            out.print(text);
            text.setLength(0);
        }
        for (List<ThreadEntry> same : virtualByStack.values()) {
            text.append('\n');
            if (same.size() == 1) thread(same.get(0), text);
            else virtualThreads(same, text);
            out.print(text);
            text.setLength(0);
        }
        for (Deadlock deadlock : dump.deadlocks()) {
            text.append('\n');
            deadlock(deadlock, text);
        }
        out.print(text);
        out.flush();
    }

    /** Virtual threads in one state with one stack, as one block: a server's thousands of idle ones fill no screens. */
    private static void virtualThreads(List<ThreadEntry> same, StringBuilder text) {
        ThreadEntry first = same.get(0);
        ThreadEntry last = same.get(same.size() - 1);
        text.append(same.size()).append(" virtual threads");
        if (first.state() != null) text.append(' ').append(first.state());
        text.append(" with this stack: \"").append(first.name()).append("\" #").append(first.id()).append(" to \"")
                .append(last.name()).append("\" #").append(last.id()).append(" (each in --json)\n");
        for (Frame frame : first.stack()) text.append("    at ").append(frame.text()).append('\n');
    }

    private static long count(ThreadDump dump, Thread.State state) {
        return dump.threads().stream().filter(t -> !t.virtual() && t.state() == state).count();
    }

    private static String deadlocks(int n) {
        return n == 1 ? "1 DEADLOCK" : n + " DEADLOCKS";
    }

    static void thread(ThreadEntry t, StringBuilder text) {
        text.append('"').append(t.name()).append("\" #").append(t.id());
        if (t.virtual()) text.append(" virtual");
        else if (t.daemon()) text.append(" daemon");
        if (t.state() != null) text.append(' ').append(t.state());
        if (t.inNative()) text.append(" (in native)");
        if (t.suspended()) text.append(" (suspended)");
        if (t.cpuNanos() >= 0) text.append("  cpu=").append(millis(t.cpuNanos())).append("ms");
        text.append('\n');
        for (int d = 0; d < t.stack().size(); d++) {
            Frame frame = t.stack().get(d);
            text.append("    at ").append(frame.text()).append('\n');
            if (d == 0 && t.waitingFor() != null) text.append("    - ").append(waitLine(t, frame)).append('\n');
            for (Lock lock : frame.locked()) text.append("    - locked ").append(lock.text()).append('\n');
        }
        if (t.stack().isEmpty() && t.waitingFor() != null) text.append("    - ").append(waitLine(t, null)).append('\n');
        if (!t.lockedSynchronizers().isEmpty()) {
            text.append("    Locked synchronizers:\n");
            for (Lock lock : t.lockedSynchronizers()) text.append("    - ").append(lock.text()).append('\n');
        }
    }

    /** Milliseconds with two decimals, without String.format (which costs more than the rest of a dump). */
    static String millis(long nanos) {
        long hundredths = (nanos + 5_000) / 10_000;
        long fraction = hundredths % 100;
        return hundredths / 100 + (fraction < 10 ? ".0" : ".") + fraction;
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

    static void deadlock(Deadlock deadlock, StringBuilder text) {
        text.append("DEADLOCK: ").append(deadlock.cycle().size()).append(" threads wait for each other:\n");
        for (Link link : deadlock.cycle()) {
            text.append("  \"").append(link.threadName()).append("\" #").append(link.threadId()).append(" waits for ")
                    .append(link.waitsFor() == null ? "?" : link.waitsFor().text()).append(", held by \"")
                    .append(link.ownerName()).append("\" #").append(link.ownerId()).append('\n');
        }
    }
}
