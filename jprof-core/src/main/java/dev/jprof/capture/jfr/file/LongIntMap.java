package dev.jprof.capture.jfr.file;

/** long keys to non-negative ints, open addressing, no boxing: the per-frame lookups of a large recording. */
public final class LongIntMap {
    private long[] keys;
    private int[] values;
    private int size;

    public LongIntMap() {
        this(16);
    }

    public LongIntMap(int expected) {
        int capacity = 16;
        while (capacity < expected * 2L && capacity < 1 << 30) capacity <<= 1;
        keys = new long[capacity];
        values = new int[capacity];
        java.util.Arrays.fill(values, -1);
    }

    /** The value for {@code key}, or -1. */
    public int get(long key) {
        long[] k = keys;
        int mask = k.length - 1;
        for (int slot = hash(key) & mask; ; slot = (slot + 1) & mask) {
            int v = values[slot];
            if (v < 0 || k[slot] == key) return v;
        }
    }

    /** Sets {@code key} to {@code value} (non-negative). */
    public void put(long key, int value) {
        if (value < 0) throw new IllegalArgumentException("negative value " + value);
        if ((size + 1) * 2 > keys.length) grow();
        insert(key, value);
    }

    /** Sets {@code key} to {@code value} unless it has one; returns the value it keeps. */
    public int putIfAbsent(long key, int value) {
        int known = get(key);
        if (known >= 0) return known;
        put(key, value);
        return value;
    }

    public int size() {
        return size;
    }

    private void insert(long key, int value) {
        int mask = keys.length - 1;
        int slot = hash(key) & mask;
        while (values[slot] >= 0 && keys[slot] != key) slot = (slot + 1) & mask;
        if (values[slot] < 0) size++;
        keys[slot] = key;
        values[slot] = value;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new int[oldKeys.length * 2];
        java.util.Arrays.fill(values, -1);
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldValues[i] >= 0) insert(oldKeys[i], oldValues[i]);
        }
    }

    private static int hash(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
