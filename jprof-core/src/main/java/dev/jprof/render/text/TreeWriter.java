package dev.jprof.render.text;

import dev.jprof.model.Profile;
import dev.jprof.model.Unit;
import dev.jprof.model.ValueType;
import dev.jprof.render.RenderOptions;
import dev.jprof.render.Renderer;
import dev.jprof.transform.CallTree;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A pyinstrument-like call tree: one line per node, "62.5%  1.25 s  com.example.Foo.bar  Foo.java:42",
 * children by value, largest first. Nodes below {@link RenderOptions#minPercent()} become one
 * "[N small nodes]" line per parent and, unless {@link RenderOptions#showAll()}, runs of JDK plumbing
 * frames one "[N JDK frames hidden]" line with the tree below them kept.
 */
public final class TreeWriter implements Renderer {
    private static final String BRANCH = "├─ ";
    private static final String LAST = "└─ ";
    private static final String PIPE = "│  ";
    private static final String SPACE = "   ";
    /** Deeper calls are not printed: past this, lines are mostly indentation, and the depth comes from the file. */
    static final int MAX_DEPTH = 256;

    /** One printed line: a node, a run of hidden frames, a node's self value, or the small nodes of a parent. */
    private record Entry(String label, long value, long time, CallTree.Node childrenOf) {
    }

    @Override
    public void render(Profile profile, RenderOptions options, OutputStream out) throws IOException {
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        for (String line : ReportText.header(profile, options)) writer.write(line + "\n");
        writer.write("\n");
        CallTree tree = CallTree.of(profile, options.valueIndex(profile));
        if (tree.total() == 0) {
            writer.write("no samples\n");
        } else {
            new Printer(profile, tree, options, writer).children(tree.root(), "", true, 0);
        }
        writer.flush();
    }

    private static final class Printer {
        private final Profile profile;
        private final CallTree tree;
        private final RenderOptions options;
        private final Writer writer;
        private final Unit unit;
        private final int timeIndex;
        private final double minValue;

        Printer(Profile profile, CallTree tree, RenderOptions options, Writer writer) {
            this.profile = profile;
            this.tree = tree;
            this.options = options;
            this.writer = writer;
            ValueType type = profile.valueTypes().get(tree.valueIndex());
            this.unit = type.unit();
            this.timeIndex = unit == Unit.NANOSECONDS ? tree.valueIndex() : ReportText.timeIndex(profile, tree.valueIndex());
            this.minValue = Math.abs(tree.total()) * options.minPercent() / 100.0;
        }

        void children(CallTree.Node parent, String prefix, boolean topLevel, int depth) throws IOException {
            List<Entry> entries = new ArrayList<>();
            long smallValue = 0;
            long smallTime = 0;
            int small = 0;
            for (CallTree.Node child : parent.children()) {
                if (Math.abs(child.total()) < minValue) {
                    small++;
                    smallValue += child.total();
                    smallTime += time(child, false);
                } else {
                    entries.add(entry(child));
                }
            }
            if (!parent.isRoot() && !entries.isEmpty() && parent.self() != 0 && Math.abs(parent.self()) >= minValue) {
                entries.add(new Entry("[self]", parent.self(), time(parent, true), null));
            }
            entries.sort(Comparator.comparingLong((Entry e) -> -e.value).thenComparing(Entry::label));
            if (small > 0) {
                entries.add(new Entry("[" + small + (small == 1 ? " small node]" : " small nodes]"), smallValue, smallTime, null));
            }
            for (int i = 0; i < entries.size(); i++) {
                Entry entry = entries.get(i);
                boolean last = i == entries.size() - 1;
                writer.write(prefix + (topLevel ? "" : last ? LAST : BRANCH) + line(entry) + "\n");
                if (entry.childrenOf == null) continue;
                String childPrefix = topLevel ? "" : prefix + (last ? SPACE : PIPE);
                if (depth < MAX_DEPTH) {
                    children(entry.childrenOf, childPrefix, false, depth + 1);
                } else if (!entry.childrenOf.children().isEmpty()) {
                    writer.write(childPrefix + LAST + "[deeper calls not shown: the tree stops at " + MAX_DEPTH + " levels]\n");
                }
            }
        }

        private Entry entry(CallTree.Node node) {
            if (!options.showAll() && isPlumbing(node)) {
                int hidden = 1;
                CallTree.Node end = node;
                while (end.children().size() == 1 && isPlumbing(end.children().get(0))
                        && !end.children().get(0).children().isEmpty()) {
                    end = end.children().get(0);
                    hidden++;
                }
                if (hidden > 1) {
                    Set<String> packages = new LinkedHashSet<>();
                    for (CallTree.Node n = node; n != end; n = n.children().get(0)) packages.add(packageOf(n));
                    packages.add(packageOf(end));
                    String label = "[" + hidden + " JDK frames hidden]  " + String.join(", ", packages);
                    return new Entry(label, node.total(), time(node, false), end);
                }
            }
            String location = ReportText.location(profile, node.frame());
            String label = location.isEmpty() ? node.name() : node.name() + "  " + location;
            return new Entry(label, node.total(), time(node, false), node);
        }

        private String packageOf(CallTree.Node node) {
            String cls = profile.frameClass(node.frame());
            int dot = cls.lastIndexOf('.');
            return dot < 0 ? cls : cls.substring(0, dot);
        }

        private boolean isPlumbing(CallTree.Node node) {
            return JdkPlumbing.is(profile.frameClass(node.frame()), profile.frameMethod(node.frame()));
        }

        private long time(CallTree.Node node, boolean self) {
            if (timeIndex < 0) return 0;
            return self ? node.self(timeIndex) : node.total(timeIndex);
        }

        private String line(Entry entry) {
            String percent = String.format(Locale.ROOT, "%.1f%%", 100.0 * entry.value / tree.total());
            String amount = timeIndex >= 0 ? Unit.NANOSECONDS.format(entry.time) : unit.format(entry.value);
            return percent + "  " + amount + "  " + OneLineText.of(entry.label);
        }
    }
}
