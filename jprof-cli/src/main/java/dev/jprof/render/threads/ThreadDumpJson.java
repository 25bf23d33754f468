package dev.jprof.render.threads;

import dev.jprof.capture.threads.ThreadDump;
import dev.jprof.capture.threads.ThreadDump.Deadlock;
import dev.jprof.capture.threads.ThreadDump.Frame;
import dev.jprof.capture.threads.ThreadDump.Link;
import dev.jprof.capture.threads.ThreadDump.Lock;
import dev.jprof.capture.threads.ThreadDump.ThreadEntry;

import java.io.PrintWriter;
import java.util.List;

import static dev.jprof.render.json.JsonText.quote;

/**
 * A thread dump for tools: {@code {"format":"jprof-threads","version":1,"pid":..,"threads":[..],"deadlocks":[..]}}.
 * Locks are {@code {"class":..,"identityHash":"7a81197d"}}; a thread's {@code cpuNanos} is -1 when unknown.
 */
public final class ThreadDumpJson {
    private ThreadDumpJson() {
    }

    public static void write(ThreadDump dump, PrintWriter out) {
        StringBuilder json = new StringBuilder(4096);
        json.append("{\"format\":\"jprof-threads\",\"version\":1,\"pid\":").append(dump.pid())
                .append(",\"jvmVersion\":").append(quote(dump.jvmVersion()))
                .append(",\"mainClass\":").append(quote(dump.mainClass()))
                .append(",\"time\":").append(quote(dump.taken().toString()))
                .append(",\"notes\":[");
        for (int i = 0; i < dump.notes().size(); i++) json.append(i > 0 ? "," : "").append(quote(dump.notes().get(i)));
        json.append("],\n\"threads\":[");
        for (int i = 0; i < dump.threads().size(); i++) {
            json.append(i > 0 ? ",\n" : "\n");
            thread(dump.threads().get(i), json);
            if (json.length() > 1 << 16) {
                out.print(json);
                json.setLength(0);
            }
        }
        json.append("],\n\"deadlocks\":[");
        for (int i = 0; i < dump.deadlocks().size(); i++) {
            json.append(i > 0 ? "," : "");
            deadlock(dump.deadlocks().get(i), json);
        }
        json.append("]}\n");
        out.print(json);
        out.flush();
    }

    private static void thread(ThreadEntry t, StringBuilder json) {
        json.append("{\"name\":").append(quote(t.name())).append(",\"id\":").append(t.id())
                .append(",\"state\":").append(t.state() == null ? "null" : quote(t.state().name()))
                .append(",\"daemon\":").append(t.daemon()).append(",\"virtual\":").append(t.virtual())
                .append(",\"cpuNanos\":").append(t.cpuNanos()).append(",\"inNative\":").append(t.inNative())
                .append(",\"waitingFor\":");
        lock(t.waitingFor(), json);
        json.append(",\"waitingForOwner\":");
        if (t.waitingForOwnerName() == null) json.append("null");
        else json.append("{\"name\":").append(quote(t.waitingForOwnerName())).append(",\"id\":").append(t.waitingForOwnerId()).append('}');
        json.append(",\"lockedSynchronizers\":");
        locks(t.lockedSynchronizers(), json);
        json.append(",\"stack\":[");
        for (int d = 0; d < t.stack().size(); d++) {
            Frame f = t.stack().get(d);
            json.append(d > 0 ? "," : "").append("{\"class\":").append(quote(f.className()))
                    .append(",\"method\":").append(quote(f.method()))
                    .append(",\"file\":").append(f.file() == null ? "null" : quote(f.file()))
                    .append(",\"line\":").append(f.line()).append(",\"native\":").append(f.nativeMethod());
            if (!f.locked().isEmpty()) {
                json.append(",\"locked\":");
                locks(f.locked(), json);
            }
            json.append('}');
        }
        json.append("]}");
    }

    private static void deadlock(Deadlock deadlock, StringBuilder json) {
        json.append("{\"threads\":[");
        for (int i = 0; i < deadlock.cycle().size(); i++) {
            Link link = deadlock.cycle().get(i);
            json.append(i > 0 ? "," : "").append("{\"name\":").append(quote(link.threadName())).append(",\"id\":").append(link.threadId())
                    .append(",\"waitsFor\":");
            lock(link.waitsFor(), json);
            json.append(",\"heldBy\":{\"name\":").append(quote(String.valueOf(link.ownerName()))).append(",\"id\":")
                    .append(link.ownerId()).append("}}");
        }
        json.append("]}");
    }

    private static void locks(List<Lock> locks, StringBuilder json) {
        json.append('[');
        for (int i = 0; i < locks.size(); i++) {
            json.append(i > 0 ? "," : "");
            lock(locks.get(i), json);
        }
        json.append(']');
    }

    private static void lock(Lock lock, StringBuilder json) {
        if (lock == null) {
            json.append("null");
            return;
        }
        json.append("{\"class\":").append(quote(lock.className())).append(",\"identityHash\":")
                .append(quote(Integer.toHexString(lock.identityHash()))).append('}');
    }
}
