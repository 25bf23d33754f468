package dev.jprof.agent.trace;

import java.util.ArrayList;
import java.util.List;

/** The annotation descriptors on a class or a method ("Lcom/example/Traced;"). */
final class AnnotationSet {
    static final AnnotationSet NONE = new AnnotationSet();

    private final List<String> descriptors = new ArrayList<>();

    void add(String descriptor) {
        descriptors.add(descriptor);
    }

    /** Whether one descriptor equals {@code wanted} ("Lx/Y;") or ends with it ("/Y;" for a simple name). */
    boolean has(String wanted) {
        for (String d : descriptors) {
            if (wanted.startsWith("L") ? d.equals(wanted) : d.endsWith(wanted) || d.equals("L" + wanted.substring(1))) {
                return true;
            }
        }
        return false;
    }
}
