package dev.jprof.testapps;

import java.util.ArrayList;
import java.util.List;

/**
 * Allocates for the given seconds: about 90% of the bytes as {@link Payload} objects (each with a
 * 1 KiB long[]) in {@link #allocatePayloads}, the rest as small strings in {@link #allocateStrings}.
 * Prints "ready" to the truth file, if any, once it runs.
 */
public final class AllocSplit {
    static volatile Object sink;

    /** The known type. */
    static final class Payload {
        final long[] data = new long[128];
        long id;
    }

    private AllocSplit() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        Truth.report("ready");
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            allocatePayloads(900);
            allocateStrings(100);
        }
    }

    static void allocatePayloads(int n) {
        List<Payload> batch = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Payload p = new Payload();
            p.id = i;
            batch.add(p);
        }
        sink = batch;
    }

    static void allocateStrings(int n) {
        List<String> batch = new ArrayList<>(n);
        for (int i = 0; i < n; i++) batch.add(Integer.toString(i * 7919));
        sink = batch;
    }
}
