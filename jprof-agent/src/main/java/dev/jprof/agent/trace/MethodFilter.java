package dev.jprof.agent.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Which methods to trace. Without includes: every class that is neither the JDK's (loaded by the boot
 * or platform class loader, or in a java., jdk., sun. or com.sun. package) nor jprof's agent. An
 * exclude wins over an include.
 */
final class MethodFilter {
    private static final String[] NEVER = {"dev.jprof.agent.", "java.", "jdk.", "sun.", "com.sun.", "javax.management."};

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
    boolean mayTrace(String className) {
        for (String prefix : NEVER) {
            if (className.startsWith(prefix)) return false;
        }
        for (MethodPattern p : excludes) {
            if (p.wholeClass() && p.matchesClass(className)) return false;
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

    boolean traces(String className, String method, AnnotationSet classAnnotations, AnnotationSet methodAnnotations) {
        for (MethodPattern p : excludes) {
            if (p.matches(className, method, classAnnotations, methodAnnotations)) return false;
        }
        if (includes.isEmpty() || isRoot(className, method, classAnnotations, methodAnnotations)) return true;
        boolean any = false;
        for (int i = 0; i < includes.size(); i++) {
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
