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
        byte[] reads = eventType.fieldReads();
        int n = reads.length;
        if (numbers.length < n) {
            numbers = new long[n];
            objects = new Object[n];
        }
        long[] numbers = this.numbers;
        Object[] objects = this.objects;
        for (int i = 0; i < n; i++) {
            objects[i] = null;
            switch (reads[i]) {
                case JfrType.READ_KEY: numbers[i] = in.readLong(); break;
                case JfrType.READ_BOOLEAN: numbers[i] = in.readBoolean() ? 1 : 0; break;
                case JfrType.READ_BYTE: numbers[i] = in.readByte(); break;
                case JfrType.READ_CHAR: numbers[i] = in.readChar(); break;
                case JfrType.READ_SHORT: numbers[i] = in.readShort(); break;
                case JfrType.READ_INT: numbers[i] = in.readInt(); break;
                case JfrType.READ_LONG: numbers[i] = in.readLong(); break;
                default:
                    numbers[i] = 0;
                    objects[i] = chunk.pools().fieldValue(eventType.fields().get(i), eventType.fieldTypes()[i]);
            }
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

    /** The name, with dots, of the class in a class field, or null. */
    public String getClassName(String name) {
        return chunk.pools().className(numbers[index(name)]);
    }

    /**
     * A string field of the constant a field refers to, such as the name of a {@code jdk.types.ThreadState},
     * or null when the field is no constant or the constant has no such field.
     */
    public String getConstantString(String name, String constantField) {
        int index = index(name);
        return chunk.pools().constantText(type.fieldTypes()[index], numbers[index], constantField);
    }

    /** The thread in a thread field, or null. */
    public JfrThread getThread(String name) {
        return chunk.pools().thread(numbers[index(name)]);
    }

    /** The event's stack trace, or null. */
    public JfrStackTrace getStackTrace() {
        JfrStackTrace trace = new JfrStackTrace();
        return readStackTrace(trace) ? trace : null;
    }

    /**
     * Fills {@code into} with the event's stack trace; false (and {@code into} untouched) when it has none.
     * Cheaper than {@link #getStackTrace} when one object is reused.
     */
    public boolean readStackTrace(JfrStackTrace into) {
        int index = type.stackTraceIndex();
        return index >= 0 && chunk.pools().readStackTrace(numbers[index], into);
    }

    /**
     * The chunk's key of the event's stack trace (events of one chunk with the same trace have the same key),
     * or -1 when the event type has no stack trace field. See {@link #chunk()}.
     */
    public long stackTraceKey() {
        int index = type.stackTraceIndex();
        return index < 0 ? -1 : numbers[index];
    }

    /** Identifies the chunk the event comes from: keys of constant-pool values are comparable only within one chunk. */
    public Object chunk() {
        return chunk;
    }

    /** A timespan field in nanoseconds. */
    public long getNanos(String name) {
        int index = index(name);
        long value = numbers[index];
        return type.fields().get(index).ticks() ? chunk.tickNanos(value) : value;
    }

    /** The event's start, nanoseconds since the epoch. */
    public long startNanos() {
        int index = type.startTimeIndex();
        return index < 0 ? chunk.startNanos() : chunk.epochNanos(numbers[index]);
    }

    /** The event's end (its start for instant events), nanoseconds since the epoch. */
    public long endNanos() {
        int index = type.durationIndex();
        return startNanos() + (index < 0 ? 0 : chunk.tickNanos(numbers[index]));
    }
}
