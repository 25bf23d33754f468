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

    JfrType(long id, String name, String superType, String label, List<JfrField> fields) {
        this.id = id;
        this.name = name;
        this.superType = superType;
        this.label = label;
        this.fields = List.copyOf(fields);
        this.kind = kindOf(name);
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
