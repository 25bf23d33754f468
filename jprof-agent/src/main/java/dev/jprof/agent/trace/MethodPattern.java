package dev.jprof.agent.trace;

import java.util.regex.Pattern;

/**
 * One --include/--exclude pattern: {@code com.example.*} (classes of one package), {@code com.example.**}
 * (with sub-packages), a class {@code com.example.Foo} (and its nested classes), {@code Class::method}
 * (the class part may use the same wildcards, the method part {@code *}), or {@code @Annotation} (methods
 * carrying it, or every method of a class carrying it; a simple name matches any package).
 */
final class MethodPattern {
    private static final Pattern CLASS_TEXT = Pattern.compile("[\\p{L}\\p{N}_$]+(\\.[\\p{L}\\p{N}_$*]+)*(\\.\\*\\*|\\.\\*)?|\\*\\*?");
    private static final Pattern METHOD_TEXT = Pattern.compile("[\\p{L}\\p{N}_$<>*]+");
    private static final Pattern ANNOTATION_TEXT = Pattern.compile("[\\p{L}\\p{N}_$]+(\\.[\\p{L}\\p{N}_$]+)*");

    private final String text;
    private final Pattern classes;
    private final Pattern methods;
    /** Internal descriptor suffix: "/Name;" for a simple name, "Lcom/x/Name;" for a full one. */
    private final String annotation;
    /** The class part up to its first '*' ("" for an annotation). */
    private final String literal;

    private MethodPattern(String text, String classText, Pattern classes, Pattern methods, String annotation) {
        this.text = text;
        int star = classText.indexOf('*');
        this.literal = star < 0 ? classText : classText.substring(0, star);
        this.classes = classes;
        this.methods = methods;
        this.annotation = annotation;
    }

    /** Parses one pattern; IllegalArgumentException with a one-line message when malformed. */
    static MethodPattern parse(String text) {
        String t = text == null ? "" : text.trim();
        if (t.isEmpty()) throw new IllegalArgumentException("empty method pattern");
        if (t.startsWith("@")) {
            String name = t.substring(1);
            if (!ANNOTATION_TEXT.matcher(name).matches()) throw malformed(t);
            String descriptor = name.contains(".") ? "L" + name.replace('.', '/') + ";" : "/" + name + ";";
            return new MethodPattern(t, "", null, null, descriptor);
        }
        String classPart = t;
        String methodPart = null;
        int sep = t.indexOf("::");
        if (sep >= 0) {
            classPart = t.substring(0, sep);
            methodPart = t.substring(sep + 2);
            if (methodPart.isEmpty() || !METHOD_TEXT.matcher(methodPart).matches()) throw malformed(t);
        }
        if (!CLASS_TEXT.matcher(classPart).matches() || classPart.contains("***")) throw malformed(t);
        return new MethodPattern(t, classPart, classRegex(classPart), methodPart == null ? null : glob(methodPart), null);
    }

    private static IllegalArgumentException malformed(String text) {
        return new IllegalArgumentException("malformed method pattern '" + text
                + "' (expected com.example.*, com.example.**, com.example.Foo, Foo::method or @Annotation)");
    }

    private static Pattern classRegex(String pattern) {
        if (pattern.equals("**")) return Pattern.compile(".*");
        if (pattern.endsWith(".**")) {
            return Pattern.compile(Pattern.quote(pattern.substring(0, pattern.length() - 3)) + "\\..*");
        }
        if (pattern.endsWith(".*")) {
            return Pattern.compile(segments(pattern.substring(0, pattern.length() - 2)) + "\\.[^.]*");
        }
        // a class, with its nested classes
        return Pattern.compile(segments(pattern) + "(\\$.*)?");
    }

    /** Dotted text where '*' stands for any characters within one segment. */
    private static String segments(String text) {
        return wildcards(text, "[^.]*");
    }

    private static Pattern glob(String text) {
        return Pattern.compile(wildcards(text, ".*"));
    }

    private static String wildcards(String text, String star) {
        StringBuilder regex = new StringBuilder();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) != '*') continue;
            if (i > start) regex.append(Pattern.quote(text.substring(start, i)));
            regex.append(star);
            start = i + 1;
        }
        if (start < text.length()) regex.append(Pattern.quote(text.substring(start)));
        return regex.toString();
    }

    /** The class part up to its first wildcard: "java.util." for java.util.*, the whole name for a class. */
    String literal() {
        return literal;
    }

    boolean byAnnotation() {
        return annotation != null;
    }

    /** Whether some method of this class (dotted name) could match without looking at annotations. */
    boolean matchesClass(String className) {
        return classes != null && classes.matcher(className).matches();
    }

    /** Whether the pattern names the whole class (no method part, no annotation). */
    boolean wholeClass() {
        return classes != null && methods == null;
    }

    boolean matches(String className, String method, AnnotationSet classAnnotations, AnnotationSet methodAnnotations) {
        if (annotation != null) return classAnnotations.has(annotation) || methodAnnotations.has(annotation);
        if (!classes.matcher(className).matches()) return false;
        return methods == null || methods.matcher(method).matches();
    }

    @Override
    public String toString() {
        return text;
    }
}
