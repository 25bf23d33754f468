package dev.jprof.heap;

/** Java's names for types as the JVM writes them: "[J" is "long[]", "[Ljava/lang/String;" "java.lang.String[]". */
public final class TypeNames {
    private TypeNames() {
    }

    public static String javaName(String jvmName) {
        String name = jvmName.replace('/', '.');
        int dims = 0;
        while (dims < name.length() && name.charAt(dims) == '[') dims++;
        if (dims == 0) return name;
        String element = name.substring(dims);
        String base = switch (element) {
            case "Z" -> "boolean";
            case "B" -> "byte";
            case "C" -> "char";
            case "S" -> "short";
            case "I" -> "int";
            case "J" -> "long";
            case "F" -> "float";
            case "D" -> "double";
            default -> element.startsWith("L") && element.endsWith(";") ? element.substring(1, element.length() - 1) : element;
        };
        return base + "[]".repeat(dims);
    }
}
