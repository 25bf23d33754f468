package dev.jprof.capture.jfr.file;

import java.util.List;

/** A type declared in a chunk's metadata: an event, a constant-pool type or a primitive. */
public final class JfrType {
    /** How a value of the type is encoded. */
    enum Kind { BOOLEAN, BYTE, CHAR, SHORT, INT, LONG, FLOAT, DOUBLE, STRING, STRUCT }

    private final long id;
    private final String name;
    private final String superType;
    private final String label;
    private final List<JfrField> fields;
    private final Kind kind;
    private final int startTimeIndex;
    private final int durationIndex;
    private final int stackTraceIndex;
    /** How each field is read, worked out once from the metadata: see {@link #plan}. */
    private byte[] fieldReads;
    private JfrType[] fieldTypes;

    /** Field reads: a constant-pool key, a primitive kept as a number, or anything else as an object. */
    static final byte READ_KEY = 0, READ_BOOLEAN = 1, READ_BYTE = 2, READ_CHAR = 3, READ_SHORT = 4, READ_INT = 5,
            READ_LONG = 6, READ_OBJECT = 7;

    JfrType(long id, String name, String superType, String label, List<JfrField> fields) {
        this.id = id;
        this.name = name;
        this.superType = superType;
        this.label = label;
        this.fields = List.copyOf(fields);
        this.kind = kindOf(name);
        this.startTimeIndex = fieldIndex("startTime");
        this.durationIndex = fieldIndex("duration");
        this.stackTraceIndex = fieldIndex("stackTrace");
    }

    /** Resolves the fields' types once all types of the metadata exist. */
    void plan(Metadata metadata) {
        byte[] reads = new byte[fields.size()];
        JfrType[] types = new JfrType[fields.size()];
        for (int i = 0; i < reads.length; i++) {
            JfrField field = fields.get(i);
            types[i] = metadata.typeOrNull(field.typeId());
            if (field.array()) {
                reads[i] = READ_OBJECT;
            } else if (field.constantPool()) {
                reads[i] = READ_KEY;
            } else if (types[i] == null) {
                reads[i] = READ_OBJECT;
            } else {
                switch (types[i].kind()) {
                    case BOOLEAN: reads[i] = READ_BOOLEAN; break;
                    case BYTE: reads[i] = READ_BYTE; break;
                    case CHAR: reads[i] = READ_CHAR; break;
                    case SHORT: reads[i] = READ_SHORT; break;
                    case INT: reads[i] = READ_INT; break;
                    case LONG: reads[i] = READ_LONG; break;
                    default: reads[i] = READ_OBJECT;
                }
            }
        }
        this.fieldReads = reads;
        this.fieldTypes = types;
    }

    byte[] fieldReads() {
        return fieldReads;
    }

    /** The declared type of each field (null when the metadata lacks it: reading such a field fails). */
    JfrType[] fieldTypes() {
        return fieldTypes;
    }

    int startTimeIndex() {
        return startTimeIndex;
    }

    int durationIndex() {
        return durationIndex;
    }

    int stackTraceIndex() {
        return stackTraceIndex;
    }

    private static Kind kindOf(String name) {
        switch (name) {
            case "boolean": return Kind.BOOLEAN;
            case "byte": return Kind.BYTE;
            case "char": return Kind.CHAR;
            case "short": return Kind.SHORT;
            case "int": return Kind.INT;
            case "long": return Kind.LONG;
            case "float": return Kind.FLOAT;
            case "double": return Kind.DOUBLE;
            case "java.lang.String": return Kind.STRING;
            default: return Kind.STRUCT;
        }
    }

    public long id() {
        return id;
    }

    public String name() {
        return name;
    }

    /** The {@code @Label} of the type, or null. */
    public String label() {
        return label;
    }

    public boolean isEvent() {
        return "jdk.jfr.Event".equals(superType);
    }

    public List<JfrField> fields() {
        return fields;
    }

    Kind kind() {
        return kind;
    }

    int fieldIndex(String fieldName) {
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).name().equals(fieldName)) return i;
        }
        return -1;
    }

    @Override
    public String toString() {
        return name + "#" + id;
    }
}
