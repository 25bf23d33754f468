package dev.jprof.heap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Shortest strong reference chains from GC roots to the objects of a type, like objgraph's
 * find_backref_chain: one breadth-first search from all roots at once, so the first chain that
 * reaches an object is a shortest one. Chains that differ only by array indices count as one.
 */
public final class ReferenceChains {
    /** One object on a chain: its id, type and, for all but the last, how it holds the next. */
    public record Step(long id, String type, String via) {
    }

    /**
     * A chain, root first, ending at an object of the type.
     *
     * @param root    what keeps the first object alive: "class" (a loaded class's static fields), "thread", "Java frame", ...
     * @param objects objects of the type reached by a chain of this shape
     */
    public record Chain(String root, List<Step> steps, int objects) {
        /** "class com.example.Cache.SESSIONS -> java.util.HashMap.table -> java.util.HashMap$Node[] [3] -> ..." */
        public String text() {
            StringBuilder text = new StringBuilder();
            for (Step step : steps) {
                if (text.length() > 0) text.append(" -> ");
                text.append(step.type());
                if (!step.via().isEmpty()) text.append(step.via().startsWith("[") ? " " : ".").append(step.via());
            }
            return text.toString();
        }
    }

    /**
     * @param instances objects of the type in the dump
     * @param reachable of them, reachable from a root through strong references
     * @param chains    distinct chain shapes, shortest first
     */
    public record Result(String type, int instances, int reachable, List<Chain> chains) {
    }

    private ReferenceChains() {
    }

    /**
     * @param type      a type's full name ("com.example.Session", "byte[]"), or its simple name when that is unique enough
     * @param maxChains distinct chain shapes to report
     */
    public static Result find(HeapGraph graph, String type, int maxChains) throws IOException {
        int n = graph.objectCount();
        boolean[] wanted = new boolean[n];
        int instances = 0;
        Map<String, Boolean> matches = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String name = graph.typeName(i);
            Boolean match = matches.computeIfAbsent(name, t -> matches(t, type));
            if (match) {
                wanted[i] = true;
                instances++;
            }
        }
        int[] parent = new int[n];
        Arrays.fill(parent, -1);
        int[] queue = new int[n];
        int head = 0;
        int tail = 0;
        for (int root : graph.roots()) {
            if (parent[root] != -1) continue;
            parent[root] = root;
            queue[tail++] = root;
        }
        Map<String, Chain> chains = new LinkedHashMap<>();
        int reachable = 0;
        while (head < tail) {
            int object = queue[head++];
            if (wanted[object]) {
                reachable++;
                String shape = shape(graph, parent, object);
                Chain known = chains.get(shape);
                if (known != null) {
                    chains.put(shape, new Chain(known.root(), known.steps(), known.objects() + 1));
                } else if (chains.size() < maxChains) {
                    chains.put(shape, chain(graph, parent, object));
                }
            }
            int references = graph.referencesFrom(object);
            for (int r = 0; r < references; r++) {
                int next = graph.reference(object, r);
                if (parent[next] == -1) {
                    parent[next] = object;
                    queue[tail++] = next;
                }
            }
        }
        return new Result(type, instances, reachable, new ArrayList<>(chains.values()));
    }

    static boolean matches(String typeName, String wanted) {
        return typeName.equals(wanted) || typeName.endsWith("." + wanted) || typeName.endsWith("$" + wanted);
    }

    /** The types along the chain and its root kind, without reading the file: chains of one shape differ only by which objects. */
    private static String shape(HeapGraph graph, int[] parent, int object) {
        StringBuilder shape = new StringBuilder();
        int o = object;
        for (int depth = 0; depth < 100_000; depth++) {
            shape.append(graph.typeName(o)).append('<');
            if (parent[o] == o) break;
            o = parent[o];
        }
        String described = graph.describedClass(o);
        return shape.append(graph.rootKind(o)).append(described == null ? "" : described).toString();
    }

    private static Chain chain(HeapGraph graph, int[] parent, int object) throws IOException {
        List<Integer> path = new ArrayList<>();
        for (int o = object; ; o = parent[o]) {
            path.add(o);
            if (parent[o] == o || path.size() > 100_000) break;
        }
        List<Step> steps = new ArrayList<>();
        for (int i = path.size() - 1; i >= 0; i--) {
            int o = path.get(i);
            String via = i == 0 ? "" : graph.via(o, path.get(i - 1));
            String described = graph.describedClass(o);
            String type = described != null ? "class " + described : graph.typeName(o);
            steps.add(new Step(graph.id(o), type, via));
        }
        String root = graph.rootKind(path.get(path.size() - 1));
        return new Chain(root == null ? "?" : root, steps, 1);
    }
}
