package dev.jprof.render.dot;

import dev.jprof.heap.ReferenceChains;
import dev.jprof.render.text.OneLineText;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** Reference chains as a Graphviz digraph, like objgraph.show_backrefs: roots at the top, the objects of the type at the bottom. */
public final class ChainGraph {
    private ChainGraph() {
    }

    public static String dot(ReferenceChains.Result result) {
        Map<Long, String> nodes = new LinkedHashMap<>();
        Set<String> edges = new LinkedHashSet<>();
        Map<Long, String> roots = new LinkedHashMap<>();
        Set<Long> targets = new LinkedHashSet<>();
        for (ReferenceChains.Chain chain : result.chains()) {
            var steps = chain.steps();
            for (int i = 0; i < steps.size(); i++) {
                ReferenceChains.Step step = steps.get(i);
                nodes.putIfAbsent(step.id(), step.type());
                if (i == 0) roots.put(step.id(), chain.root());
                if (i == steps.size() - 1) targets.add(step.id());
                if (i > 0) {
                    ReferenceChains.Step from = steps.get(i - 1);
                    edges.add("  o" + Long.toHexString(from.id()) + " -> o" + Long.toHexString(step.id())
                            + " [label=\"" + escape(from.via()) + "\"];");
                }
            }
        }
        StringBuilder dot = new StringBuilder("digraph references {\n");
        dot.append("  graph [label=\"").append(escape("shortest reference chains to " + result.type())).append("\", labelloc=t];\n");
        dot.append("  node [shape=box, style=filled, fillcolor=white, fontname=\"Helvetica\"];\n");
        dot.append("  edge [fontname=\"Helvetica\", fontsize=10];\n");
        for (Map.Entry<Long, String> node : nodes.entrySet()) {
            long id = node.getKey();
            String label = node.getValue() + "\\n0x" + Long.toHexString(id);
            String fill = targets.contains(id) ? "#f4cccc" : roots.containsKey(id) ? "#d9ead3" : "white";
            if (roots.containsKey(id)) label = "[" + roots.get(id) + "]\\n" + label;
            dot.append("  o").append(Long.toHexString(id)).append(" [label=\"").append(escape(label).replace("\\\\n", "\\n"))
                    .append("\", fillcolor=\"").append(fill).append("\"];\n");
        }
        for (String edge : edges) dot.append(edge).append('\n');
        return dot.append("}\n").toString();
    }

    private static String escape(String text) {
        return OneLineText.of(text).replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
