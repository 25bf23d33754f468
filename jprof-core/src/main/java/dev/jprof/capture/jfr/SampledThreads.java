package dev.jprof.capture.jfr;

import dev.jprof.capture.jfr.file.JfrThread;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The threads that samples name, each an (id, name) pair kept once and known by its index, so that a column of
 * a million samples holds an int per sample. A chunk's thread constants are one object each: looking them up by
 * identity first spares hashing the pair per sample.
 */
final class SampledThreads {
    private record ThreadRef(long id, String name) {
    }

    private final List<ThreadRef> refs = new ArrayList<>();
    private final Map<ThreadRef, Integer> indexes = new HashMap<>();
    private final Map<JfrThread, Integer> chunkThreads = new IdentityHashMap<>();
    private Object chunk;

    /** The index of an event's thread (a null thread is the pair (-1, "")). */
    int index(Object fromChunk, JfrThread thread) {
        if (fromChunk != chunk) {
            chunk = fromChunk;
            chunkThreads.clear();
        }
        Integer ref = thread == null ? null : chunkThreads.get(thread);
        if (ref == null) {
            ref = index(JfrProfileReader.threadId(thread), JfrProfileReader.threadName(thread));
            if (thread != null) chunkThreads.put(thread, ref);
        }
        return ref;
    }

    int index(long id, String name) {
        ThreadRef ref = new ThreadRef(id, name);
        Integer known = indexes.get(ref);
        if (known != null) return known;
        int next = refs.size();
        refs.add(ref);
        indexes.put(ref, next);
        return next;
    }

    /** For each of {@code other}'s threads, its index here (added where new). */
    int[] absorb(SampledThreads other) {
        int[] mapped = new int[other.refs.size()];
        for (int i = 0; i < mapped.length; i++) mapped[i] = index(other.id(i), other.name(i));
        return mapped;
    }

    int size() {
        return refs.size();
    }

    long id(int thread) {
        return refs.get(thread).id();
    }

    String name(int thread) {
        return refs.get(thread).name();
    }
}
