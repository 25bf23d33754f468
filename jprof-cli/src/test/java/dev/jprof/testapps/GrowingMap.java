package dev.jprof.testapps;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Leaks: every 50 ms it puts 200 {@link LeakedSession} objects into the static map {@link #SESSIONS}
 * and never removes them. Beside it, {@link StableItem}s are created and dropped at a steady count.
 * Prints "ready" (to the truth file, if any) once it runs; runs for the given seconds (default 600).
 */
public final class GrowingMap {
    static final Map<Long, LeakedSession> SESSIONS = new HashMap<>();
    static volatile List<StableItem> stable;
    static volatile Object sink;

    /** The leaked type. */
    static final class LeakedSession {
        final long id;
        final byte[] state = new byte[256];

        LeakedSession(long id) {
            this.id = id;
        }
    }

    /** Created and dropped, never accumulating. */
    static final class StableItem {
        final int value;

        StableItem(int value) {
            this.value = value;
        }
    }

    private GrowingMap() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 600;
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long next = 0;
        Truth.report("ready " + ProcessHandle.current().pid());
        while (System.nanoTime() < end) {
            for (int i = 0; i < 200; i++) {
                SESSIONS.put(next, new LeakedSession(next));
                next++;
            }
            List<StableItem> items = new ArrayList<>();
            for (int i = 0; i < 1000; i++) items.add(new StableItem(i));
            stable = items;
            for (int i = 0; i < 2000; i++) sink = new byte[256]; // garbage: with -Xmx128m a young GC every second or so
            Thread.sleep(50);
        }
    }
}
