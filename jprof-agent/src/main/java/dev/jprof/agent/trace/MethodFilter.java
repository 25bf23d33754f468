package dev.jprof.agent.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Which methods to trace. Without includes: every class that is neither the JDK's (loaded by the boot
 * or platform class loader, or in a java., jdk., sun. or com.sun. package) nor jprof's agent. A JDK class
 * is traced only when an include names it explicitly (a pattern with a package, such as java.util.ArrayList
 * or java.util.*, not ** or an annotation), and never one of {@link #UNSAFE}. An exclude wins over an include.
 */
final class MethodFilter {
    private static final String[] JDK = {"java.", "jdk.", "sun.", "com.sun.", "javax.management."};
    /**
     * JDK classes never traced: those the JVM and every hook run on (java.lang and its sub-packages, with
     * Object, Thread, String, System, invoke and reflect), the JDK's internals, and the few the tracer's own
     * code calls while recording.
     */
    static final String[] UNSAFE = {"java.lang.", "jdk.internal.", "sun.", "com.sun.", "jdk.jfr.", "java.util.Arrays",
            "java.util.concurrent.ConcurrentLinkedQueue"};

    private final List<MethodPattern> includes;
    private final List<MethodPattern> excludes;
    private final List<MethodPattern> roots;
    private final boolean annotations;
    /** Per include pattern: how many methods it matched. */
    private final AtomicIntegerArray matched;

    MethodFilter(List<MethodPattern> includes, List<MethodPattern> excludes) {
        this(includes, excludes, List.of());
    }

    MethodFilter(List<MethodPattern> includes, List<MethodPattern> excludes, List<MethodPattern> roots) {
        this.includes = List.copyOf(includes);
        this.excludes = List.copyOf(excludes);
        this.roots = List.copyOf(roots);
        boolean any = false;
        for (MethodPattern p : includes) any |= p.byAnnotation();
        for (MethodPattern p : excludes) any |= p.byAnnotation();
        for (MethodPattern p : roots) any |= p.byAnnotation();
        this.annotations = any;
        this.matched = new AtomicIntegerArray(Math.max(1, includes.size()));
        for (MethodPattern p : includes) {
            if (unsafe(p.literal())) {
                throw new IllegalArgumentException("cannot trace '" + p + "': jprof never traces " + unsafeList()
                        + " (the JVM and the tracer itself run on them)");
            }
        }
    }

    private static String unsafeList() {
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < UNSAFE.length; i++) {
            if (i > 0) list.append(i == UNSAFE.length - 1 ? " or " : ", ");
            list.append(UNSAFE[i].endsWith(".") ? UNSAFE[i] + "**" : UNSAFE[i]);
        }
        return list.toString();
    }

    private static boolean unsafe(String className) {
        for (String prefix : UNSAFE) {
            if (className.equals(prefix) || className.startsWith(prefix.endsWith(".") ? prefix : prefix + "$")) return true;
        }
        return false;
    }

    /** A class of the JDK by its name (a class loaded by the boot or platform loader is one too). */
    static boolean jdkName(String className) {
        for (String prefix : JDK) {
            if (className.startsWith(prefix)) return true;
        }
        return false;
    }

    private static boolean explicit(MethodPattern p) {
        return !p.byAnnotation() && p.literal().contains(".");
    }

    /** Whether some include names JDK classes explicitly: then they are instrumented too. */
    boolean tracesJdk() {
        for (MethodPattern p : includes) {
            if (explicit(p) && (jdkName(p.literal()) || p.literal().startsWith("javax."))) return true;
        }
        return false;
    }

    /** Parses patterns separated by ';' (the agent's option syntax). */
    static List<MethodPattern> parseList(String text) {
        List<MethodPattern> patterns = new ArrayList<>();
        if (text == null || text.isEmpty()) return patterns;
        for (String part : text.split(";")) {
            if (!part.trim().isEmpty()) patterns.add(MethodPattern.parse(part));
        }
        return patterns;
    }

    boolean needsAnnotations() {
        return annotations;
    }

    /** Whether a method of this class (dotted name) may be traced, before reading the class file. */
    boolean mayTrace(String className, boolean jdk) {
        if (className.startsWith("dev.jprof.agent.")) return false;
        for (MethodPattern p : excludes) {
            if (p.wholeClass() && p.matchesClass(className)) return false;
        }
        if (jdk || jdkName(className)) {
            if (unsafe(className)) return false;
            for (MethodPattern p : includes) {
                if (explicit(p) && p.matchesClass(className)) return true;
            }
            return false;
        }
        if (includes.isEmpty() || annotations) return true;
        for (MethodPattern p : includes) {
            if (p.matchesClass(className)) return true;
        }
        return false;
    }

    boolean hasRoots() {
        return !roots.isEmpty();
    }

    /** Whether recording starts at this method (a root pattern matches it). */
    boolean isRoot(String className, String method, AnnotationSet classAnnotations, AnnotationSet methodAnnotations) {
        for (MethodPattern p : roots) {
            if (p.matches(className, method, classAnnotations, methodAnnotations)) return true;
        }
        return false;
    }

    boolean traces(String className, boolean jdk, String method, AnnotationSet classAnnotations, AnnotationSet methodAnnotations) {
        for (MethodPattern p : excludes) {
            if (p.matches(className, method, classAnnotations, methodAnnotations)) return false;
        }
        boolean fromJdk = jdk || jdkName(className);
        if (!fromJdk && (includes.isEmpty() || isRoot(className, method, classAnnotations, methodAnnotations))) return true;
        boolean any = false;
        for (int i = 0; i < includes.size(); i++) {
            if (fromJdk && !explicit(includes.get(i))) continue;
            if (includes.get(i).matches(className, method, classAnnotations, methodAnnotations)) {
                matched.incrementAndGet(i);
                any = true;
            }
        }
        return any;
    }

    /** The include patterns that have matched no method so far. */
    List<String> unmatched() {
        List<String> none = new ArrayList<>();
        for (int i = 0; i < includes.size(); i++) {
            if (matched.get(i) == 0) none.add(includes.get(i).toString());
        }
        return none;
    }
}
