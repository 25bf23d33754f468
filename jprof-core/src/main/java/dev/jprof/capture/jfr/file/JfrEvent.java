package dev.jprof.capture.jfr.file;

/**
 * The event being read. One object is reused for every event of a file: copy out what you need
 * inside the callback. Fields are looked up by the names JFR's metadata gives them.
 */
public final class JfrEvent {
    private final Chunk chunk;
    private JfrType type;
    private long[] numbers = new long[16];
    private Object[] objects = new Object[16];

    JfrEvent(Chunk chunk) {
        this.chunk = chunk;
    }

    void decode(JfrType eventType, JfrInput in) {
        this.type = eventType;
        int n = eventType.fields().size();
        if (numbers.length < n) {
            numbers = new long[n];
            objects = new Object[n];
        }
        for (int i = 0; i < n; i++) {
            JfrField field = eventType.fields().get(i);
            objects[i] = null;
            numbers[i] = 0;
            if (field.constantPool() && !field.array()) {
                numbers[i] = in.readLong();
                continue;
            }
            Object value = chunk.pools().fieldValue(field, 0);
            if (value instanceof Long) numbers[i] = (Long) value;
            else if (value instanceof Boolean) numbers[i] = (Boolean) value ? 1 : 0;
            else objects[i] = value;
        }
    }

    public JfrType type() {
        return type;
    }

    /** The id the chunk gives an event type (ids are stable across the chunks of one recording), or -1. */
    public long typeId(String typeName) {
        JfrType t = chunk.type(typeName);
        return t == null ? -1 : t.id();
    }

    public boolean hasField(String name) {
        return type.fieldIndex(name) >= 0;
    }

    private int index(String name) {
        int index = type.fieldIndex(name);
        if (index < 0) throw new JfrFormatException(type.name() + " has no field '" + name + "'");
        return index;
    }

    public long getLong(String name) {
        return numbers[index(name)];
    }

    public int getInt(String name) {
        return (int) getLong(name);
    }

    public boolean getBoolean(String name) {
        return numbers[index(name)] != 0;
    }

    public String getString(String name) {
        return chunk.pools().text(objects[index(name)]);
    }

    /** The thread in a thread field, or null. */
    public JfrThread getThread(String name) {
        return chunk.pools().thread(numbers[index(name)]);
    }

    /** The event's stack trace, or null. */
    public JfrStackTrace getStackTrace() {
        int index = type.fieldIndex("stackTrace");
        return index < 0 ? null : chunk.pools().stackTrace(numbers[index]);
    }

    /** A timespan field in nanoseconds. */
    public long getNanos(String name) {
        int index = index(name);
        long value = numbers[index];
        return type.fields().get(index).ticks() ? chunk.tickNanos(value) : value;
    }

    /** The event's start, nanoseconds since the epoch. */
    public long startNanos() {
        int index = type.fieldIndex("startTime");
        return index < 0 ? chunk.startNanos() : chunk.epochNanos(numbers[index]);
    }

    /** The event's end (its start for instant events), nanoseconds since the epoch. */
    public long endNanos() {
        int index = type.fieldIndex("duration");
        return startNanos() + (index < 0 ? 0 : chunk.tickNanos(numbers[index]));
    }
}
