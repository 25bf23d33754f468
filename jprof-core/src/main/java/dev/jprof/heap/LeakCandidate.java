package dev.jprof.heap;

import java.time.Duration;
import java.util.List;

/**
 * Long-lived objects JFR's old-object sampler found still alive at the end of a recording, grouped
 * by type, allocation stack and reference chain.
 *
 * @param type      the objects' type
 * @param count     sampled objects in this group
 * @param oldestAge age of the oldest of them at the end of the recording
 * @param stack     the allocation stack, leaf first ("com.example.Cache.put:42")
 * @param root      the GC root the chain starts at ("" when JFR found no path, for example without cutoff)
 * @param chain     the chain from the root to the object: root-first, the last link is the object itself
 */
public record LeakCandidate(String type, int count, Duration oldestAge, List<String> stack, String root, List<Link> chain) {
    /**
     * One object on a chain.
     *
     * @param type    its type
     * @param via     how the next object is held: a field name, "[index]" of an array, or "" for the last
     * @param skipped objects left out after this one (JFR shortens long chains)
     */
    public record Link(String type, String via, int skipped) {
    }

    public LeakCandidate {
        stack = List.copyOf(stack);
        chain = List.copyOf(chain);
    }

    /** The chain on one line: "HashMap.table -> HashMap$Node[] [12] -> HashMap$Node.value -> Session". */
    public String chainText() {
        StringBuilder text = new StringBuilder();
        for (Link link : chain) {
            if (text.length() > 0) text.append(" -> ");
            text.append(link.type());
            if (!link.via().isEmpty()) text.append(link.via().startsWith("[") ? " " : ".").append(link.via());
            if (link.skipped() > 0) text.append(" -> ... ").append(link.skipped()).append(" more");
        }
        return text.toString();
    }
}
