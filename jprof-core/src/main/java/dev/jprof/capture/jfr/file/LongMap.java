package dev.jprof.capture.jfr.file;

/** long keys to objects, open addressing, no boxed keys: a chunk's constant pools and caches. */
final class LongMap<V> {
    private long[] keys;
    private Object[] values;
    private int size;

    LongMap() {
        this(8);
    }

    LongMap(int expected) {
        int capacity = 16;
        while (capacity < expected * 2L && capacity < 1 << 30) capacity <<= 1;
        keys = new long[capacity];
        values = new Object[capacity];
    }

    /** The value for {@code key}, or null. */
    @SuppressWarnings("unchecked")
    V get(long key) {
        long[] k = keys;
        Object[] v = values;
        int mask = k.length - 1;
        for (int slot = hash(key) & mask; ; slot = (slot + 1) & mask) {
            Object value = v[slot];
            if (value == null || k[slot] == key) return (V) value;
        }
    }

    /** Sets {@code key} to {@code value} (not null) unless it has a value already. */
    void putIfAbsent(long key, V value) {
        if ((size + 1) * 2 > keys.length) grow();
        insert(key, value, false);
    }

    void put(long key, V value) {
        if ((size + 1) * 2 > keys.length) grow();
        insert(key, value, true);
    }

    private void insert(long key, Object value, boolean replace) {
        if (value == null) throw new IllegalArgumentException("null value");
        int mask = keys.length - 1;
        int slot = hash(key) & mask;
        while (values[slot] != null && keys[slot] != key) slot = (slot + 1) & mask;
        if (values[slot] == null) {
            size++;
        } else if (!replace) {
            return;
        }
        keys[slot] = key;
        values[slot] = value;
    }

    private void grow() {
        long[] oldKeys = keys;
        Object[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new Object[oldKeys.length * 2];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldValues[i] != null) insert(oldKeys[i], oldValues[i], true);
        }
    }

    private static int hash(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
