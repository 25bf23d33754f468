package dev.jprof.capture.jfr.file;

/**
 * A chunk's constant pools: every checkpoint event, decoded by the metadata. Stack traces are most
 * of the data and many are never used: only where each one starts is kept, and a trace is decoded
 * when an event asks for it. Other pools are kept as small trees of boxed values that are resolved,
 * and cached, when events ask for them.
 */
final class ConstantPools {
    private static final int MAX_DEPTH = 32;

    private final Metadata metadata;
    private final JfrInput in;
    private final LongMap<LongMap<Object>> pools = new LongMap<>();
    private final LongMap<JfrThread> threads = new LongMap<>();
    private final LongMap<String[]> methods = new LongMap<>();
    private final LongMap<String> frameTypes = new LongMap<>();
    private final LongMap<String> classNames = new LongMap<>();
    private final LongIntMap stackOffsets = new LongIntMap(1024);
    private StackPlan stackPlan;
    private long[] varints = new long[256];
    private final JfrType stringType;
    private final JfrType symbolType;
    private final JfrType classType;
    private final JfrType methodType;
    private final JfrType threadType;
    private final JfrType stackTraceType;
    private final JfrType frameTypeType;

    ConstantPools(Metadata metadata, JfrInput in) {
        this.metadata = metadata;
        this.in = in;
        this.stringType = metadata.typeOrNull("java.lang.String");
        this.symbolType = metadata.typeOrNull("jdk.types.Symbol");
        this.classType = metadata.typeOrNull("java.lang.Class");
        this.methodType = metadata.typeOrNull("jdk.types.Method");
        this.threadType = metadata.typeOrNull("java.lang.Thread");
        this.stackTraceType = metadata.typeOrNull("jdk.types.StackTrace");
        this.frameTypeType = metadata.typeOrNull("jdk.types.FrameType");
    }

    /** Reads every checkpoint of the chunk, following each one's offset delta back from the last. */
    void read(long lastCheckpoint) {
        long offset = lastCheckpoint;
        int seen = 0;
        while (true) {
            in.position(offset);
            in.readInt();
            long type = in.readLong();
            if (type != 1) throw new JfrFormatException("no constant pool at offset " + offset);
            in.readLong();
            in.readLong();
            long delta = in.readLong();
            in.readByte();
            int poolCount = in.readInt();
            for (int i = 0; i < poolCount; i++) readPool(metadata.type(in.readLong()));
            if (delta == 0 || ++seen > 1_000_000) return;
            offset += delta;
        }
    }

    private void readPool(JfrType type) {
        int count = in.readInt();
        if (count < 0 || count > in.limit()) throw new JfrFormatException("constant pool of " + type.name() + " claims " + count + " entries");
        if (type == stackTraceType) {
            if (stackPlan == null) stackPlan = new StackPlan(type);
            for (int i = 0; i < count; i++) {
                long key = in.readLong();
                stackOffsets.putIfAbsent(key, in.position());
                skipStackTrace(stackPlan);
            }
            return;
        }
        LongMap<Object> pool = pools.get(type.id());
        if (pool == null) {
            pool = new LongMap<>(count);
            pools.put(type.id(), pool);
        }
        for (int i = 0; i < count; i++) {
            long key = in.readLong();
            Object value;
            if (type == symbolType) value = symbolText(type);
            else if (type == classType) value = classNameKey(type);
            else if (type == methodType) value = methodKeys(type);
            else value = value(type, 0);
            if (value != null) pool.putIfAbsent(key, value);
        }
    }

    private static final int SKIP = 0, METHOD = 1, LINE = 2, TYPE = 3, TRUNCATED = 4, FRAMES = 5;

    /** How to read a stack trace and its frames, worked out once per pool from the metadata. */
    private final class StackPlan {
        final int[] traceRoles;
        final JfrField[] traceFields;
        final int[] frameRoles;
        final JfrField[] frameFields;
        final JfrType[] frameTypes;
        /** Every frame field is a varint in a compressed chunk: a frame is skipped by counting varints. */
        final boolean varintFrames;
        /** Every frame has a method, a line and a type field, so decoding sets all of a trace's arrays. */
        final boolean complete;

        StackPlan(JfrType trace) {
            traceFields = trace.fields().toArray(new JfrField[0]);
            traceRoles = new int[traceFields.length];
            JfrType frame = null;
            for (int i = 0; i < traceFields.length; i++) {
                JfrField f = traceFields[i];
                if (f.name().equals("truncated") && !f.array()) traceRoles[i] = TRUNCATED;
                else if (f.name().equals("frames") && f.array() && !f.constantPool()) {
                    traceRoles[i] = FRAMES;
                    frame = metadata.type(f.typeId());
                }
            }
            frameFields = frame == null ? new JfrField[0] : frame.fields().toArray(new JfrField[0]);
            frameRoles = new int[frameFields.length];
            frameTypes = new JfrType[frameFields.length];
            for (int i = 0; i < frameFields.length; i++) {
                JfrField f = frameFields[i];
                frameTypes[i] = metadata.type(f.typeId());
                boolean single = !f.array();
                if (single && f.constantPool() && f.name().equals("method")) frameRoles[i] = METHOD;
                else if (single && f.constantPool() && f.name().equals("type")) frameRoles[i] = TYPE;
                else if (single && !f.constantPool() && f.name().equals("lineNumber")) frameRoles[i] = LINE;
            }
            boolean varints = in.compressed();
            for (int i = 0; i < frameFields.length; i++) {
                JfrField f = frameFields[i];
                JfrType.Kind kind = frameTypes[i].kind();
                boolean integer = kind == JfrType.Kind.INT || kind == JfrType.Kind.LONG || kind == JfrType.Kind.SHORT
                        || kind == JfrType.Kind.CHAR;
                if (f.array() || !(f.constantPool() || integer)) varints = false;
            }
            varintFrames = varints;
            int roles = 0;
            for (int role : frameRoles) if (role != SKIP) roles |= 1 << role;
            complete = roles == (1 << METHOD | 1 << LINE | 1 << TYPE);
        }
    }

    private void skipStackTrace(StackPlan plan) {
        for (int t = 0; t < plan.traceFields.length; t++) {
            switch (plan.traceRoles[t]) {
                case TRUNCATED:
                    in.readBoolean();
                    break;
                case FRAMES: {
                    int depth = in.readInt();
                    if (depth < 0 || depth > in.limit()) throw new JfrFormatException("stack trace claims " + depth + " frames");
                    if (plan.varintFrames) {
                        in.skipVarLongs((long) depth * plan.frameFields.length);
                    } else {
                        for (int i = 0; i < depth; i++) {
                            for (int f = 0; f < plan.frameFields.length; f++) number(plan.frameFields[f], plan.frameTypes[f]);
                        }
                    }
                    break;
                }
                default:
                    fieldValue(plan.traceFields[t], 1);
            }
        }
    }

    /** Decodes the stack trace with this key into {@code into}; false when the chunk has none. */
    boolean readStackTrace(long key, JfrStackTrace into) {
        int offset = stackOffsets.get(key);
        if (offset < 0) return false;
        int resume = in.position();
        in.position(offset);
        StackPlan plan = stackPlan;
        boolean truncated = false;
        int depth = 0;
        for (int t = 0; t < plan.traceFields.length; t++) {
            switch (plan.traceRoles[t]) {
                case TRUNCATED:
                    truncated = in.readBoolean();
                    break;
                case FRAMES: {
                    depth = in.readInt();
                    // every frame takes at least a byte per field
                    if (depth < 0 || (long) depth * Math.max(1, plan.frameRoles.length) > in.limit() - in.position()) {
                        throw new JfrFormatException("stack trace claims " + depth + " frames");
                    }
                    into.reset(this, depth, !plan.complete);
                    long[] methodKeys = into.methods;
                    int[] lines = into.lines;
                    long[] typeKeys = into.types;
                    int[] roles = plan.frameRoles;
                    if (plan.varintFrames) {
                        int count = depth * roles.length;
                        if (varints.length < count) varints = new long[Math.max(count, varints.length * 2)];
                        long[] values = varints;
                        in.readVarLongs(values, count);
                        for (int f = 0; f < roles.length; f++) {
                            int role = roles[f];
                            if (role == METHOD) {
                                for (int i = 0, k = f; i < depth; i++, k += roles.length) methodKeys[i] = values[k];
                            } else if (role == TYPE) {
                                for (int i = 0, k = f; i < depth; i++, k += roles.length) typeKeys[i] = values[k];
                            } else if (role == LINE) {
                                for (int i = 0, k = f; i < depth; i++, k += roles.length) lines[i] = (int) values[k];
                            }
                        }
                        break;
                    }
                    for (int i = 0; i < depth; i++) {
                        for (int f = 0; f < roles.length; f++) {
                            switch (roles[f]) {
                                case METHOD: methodKeys[i] = in.readLong(); break;
                                case TYPE: typeKeys[i] = in.readLong(); break;
                                case LINE: lines[i] = (int) number(plan.frameFields[f], plan.frameTypes[f]); break;
                                default: number(plan.frameFields[f], plan.frameTypes[f]);
                            }
                        }
                    }
                    break;
                }
                default:
                    fieldValue(plan.traceFields[t], 1);
            }
        }
        into.finish(this, depth, truncated);
        in.position(resume);
        return true;
    }

    /** A field read as a number without boxing where it is one (other values are read and give 0). */
    private long number(JfrField field, JfrType type) {
        if (field.array()) {
            fieldValue(field, 1);
            return 0;
        }
        if (field.constantPool()) return in.readLong();
        switch (type.kind()) {
            case BOOLEAN: return in.readBoolean() ? 1 : 0;
            case BYTE: return in.readByte();
            case CHAR: return in.readChar();
            case SHORT: return in.readShort();
            case INT: return in.readInt();
            case LONG: return in.readLong();
            default:
                Object v = value(type, 1);
                return v instanceof Number ? ((Number) v).longValue() : 0;
        }
    }

    /** A symbol's text, kept as its value. */
    private Object symbolText(JfrType type) {
        Object text = null;
        for (JfrField field : type.fields()) {
            Object v = fieldValue(field, 1);
            if (field.name().equals("string")) text = v;
        }
        return text;
    }

    /** A class's name, kept as the key of its symbol. */
    private Long classNameKey(JfrType type) {
        long name = 0;
        for (JfrField field : type.fields()) {
            if (field.name().equals("name") && field.constantPool() && !field.array()) name = in.readLong();
            else fieldValue(field, 1);
        }
        return name;
    }

    /** A method, kept as {class key, name symbol key}. */
    private long[] methodKeys(JfrType type) {
        long[] keys = new long[2];
        for (JfrField field : type.fields()) {
            boolean reference = field.constantPool() && !field.array();
            if (reference && field.name().equals("type")) keys[0] = in.readLong();
            else if (reference && field.name().equals("name")) keys[1] = in.readLong();
            else fieldValue(field, 1);
        }
        return keys;
    }

    /** One field's value: a constant-pool key (Long), a primitive, a string (or StringRef), a struct (Object[]) or an array (Object[]). */
    Object fieldValue(JfrField field, int depth) {
        if (field.array()) {
            int n = in.readInt();
            if (n < 0 || n > in.limit()) throw new JfrFormatException("array field " + field.name() + " claims " + n + " elements");
            Object[] values = new Object[n];
            for (int i = 0; i < n; i++) values[i] = single(field, depth);
            return values;
        }
        return single(field, depth);
    }

    private Object single(JfrField field, int depth) {
        if (field.constantPool()) return in.readLong();
        return value(metadata.type(field.typeId()), depth + 1);
    }

    /** A field of an event, read by the event type's plan (see {@link JfrType#fieldReads}). */
    Object fieldValue(JfrField field, JfrType type) {
        if (field.array() || type == null) return fieldValue(field, 0);
        return value(type, 1);
    }

    Object value(JfrType type, int depth) {
        switch (type.kind()) {
            case BOOLEAN: return in.readBoolean();
            case BYTE: return (long) in.readByte();
            case CHAR: return (long) in.readChar();
            case SHORT: return (long) in.readShort();
            case INT: return (long) in.readInt();
            case LONG: return in.readLong();
            case FLOAT: return (double) in.readFloat();
            case DOUBLE: return in.readDouble();
            case STRING: return in.readString();
            default:
                if (depth > MAX_DEPTH) throw new JfrFormatException("values of " + type.name() + " nest too deep");
                Object[] fields = new Object[type.fields().size()];
                for (int i = 0; i < fields.length; i++) fields[i] = fieldValue(type.fields().get(i), depth);
                return fields;
        }
    }

    private Object constant(JfrType type, long key) {
        if (type == null) return null;
        LongMap<Object> pool = pools.get(type.id());
        return pool == null ? null : pool.get(key);
    }

    /** The text of a string field: literal, or from the string pool. */
    String text(Object value) {
        if (value instanceof String) return (String) value;
        if (value instanceof JfrInput.StringRef) return text(constant(stringType, ((JfrInput.StringRef) value).key()));
        return null;
    }

    String constantText(JfrType type, long key, String field) {
        return text(structField(type, constant(type, key), field));
    }

    private Object structField(JfrType type, Object struct, String field) {
        if (type == null || !(struct instanceof Object[])) return null;
        int index = type.fieldIndex(field);
        Object[] values = (Object[]) struct;
        return index < 0 || index >= values.length ? null : values[index];
    }

    private long key(Object value) {
        return value instanceof Long ? (Long) value : 0;
    }

    String symbol(long key) {
        return text(constant(symbolType, key));
    }

    /** A class's name with dots (the pool holds internal names, {@code java/lang/String}). */
    String className(long key) {
        String known = classNames.get(key);
        if (known != null) return known;
        String name = symbol(key(constant(classType, key)));
        if (name == null) return null;
        String dotted = name.replace('/', '.');
        classNames.put(key, dotted);
        return dotted;
    }

    /** {class name, method name} of a method key. */
    String[] method(long key) {
        String[] known = methods.get(key);
        if (known != null) return known;
        Object method = constant(methodType, key);
        long[] keys = method instanceof long[] ? (long[]) method : new long[2];
        String cls = className(keys[0]);
        String name = symbol(keys[1]);
        String[] resolved = {cls == null ? "" : cls, name == null ? "[unknown]" : name};
        methods.put(key, resolved);
        return resolved;
    }

    String frameType(long key) {
        String known = frameTypes.get(key);
        if (known != null) return known;
        String text = text(structField(frameTypeType, constant(frameTypeType, key), "description"));
        if (text != null) frameTypes.put(key, text);
        return text;
    }

    JfrThread thread(long key) {
        JfrThread known = threads.get(key);
        if (known != null) return known;
        Object thread = constant(threadType, key);
        if (thread == null) return null;
        Object javaId = structField(threadType, thread, "javaThreadId");
        Object osId = structField(threadType, thread, "osThreadId");
        JfrThread resolved = new JfrThread(
                javaId instanceof Long ? (Long) javaId : 0,
                text(structField(threadType, thread, "javaName")),
                osId instanceof Long ? (Long) osId : 0,
                text(structField(threadType, thread, "osName")));
        threads.put(key, resolved);
        return resolved;
    }

    boolean hasStackTrace(long key) {
        return stackOffsets.get(key) >= 0;
    }
}
