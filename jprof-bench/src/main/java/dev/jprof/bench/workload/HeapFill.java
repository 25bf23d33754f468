package dev.jprof.bench.workload;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A heap like a server's, for heap-dump benchmarks: a static map of sessions, each with its name,
 * a 256-byte state and a list of two events; about 12 objects and 620 bytes per session (so one
 * million sessions make a dump of about 0.6 GB, mostly small objects). Prints "ready PID" when full,
 * then sleeps until killed.
 */
public final class HeapFill {
    static final Map<Long, Session> SESSIONS = new HashMap<>();

    static final class Session {
        final long id;
        final String name;
        final byte[] state = new byte[256];
        final List<Event> events = new ArrayList<>(2);

        Session(long id) {
            this.id = id;
            this.name = "session-" + id;
        }
    }

    static final class Event {
        final long[] times = new long[2];
        int kind;
    }

    private HeapFill() {
    }

    public static void main(String[] args) throws Exception {
        long sessions = Long.parseLong(args[0]);
        for (long i = 0; i < sessions; i++) {
            Session s = new Session(i);
            s.events.add(new Event());
            s.events.add(new Event());
            SESSIONS.put(i, s);
        }
        System.out.println("ready " + ProcessHandle.current().pid());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
