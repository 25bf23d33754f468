package dev.jprof.render.html;

import dev.jprof.model.FrameKind;
import dev.jprof.model.Profile;
import dev.jprof.model.ValueType;
import dev.jprof.render.RenderOptions;
import dev.jprof.render.Renderer;
import dev.jprof.render.json.JsonText;
import dev.jprof.render.json.JsonWriter;
import dev.jprof.transform.CallTree;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A self-contained HTML flame graph (no network access): the template flamegraph.html with the call
 * tree embedded as JSON in {@code <script type="application/json" id="data">}.
 *
 * <p>The data: {@code {"title", "value":{"name","unit"}, "total", "warnings":[...], "strings":[...],
 * "nodes":{"name":[...], "category":[...], "depth":[...], "total":[...], "self":[...]}}}. Nodes are
 * in pre-order, the root "all" first; a node's parent is the closest earlier node one level up, and
 * siblings are sorted by name. {@code name} indexes {@code strings}; {@code category} indexes
 * {@link #CATEGORIES}.
 */
public final class FlameGraphWriter implements Renderer {
    /** Colour groups of frames, in the order of their index in the data. */
    public static final List<String> CATEGORIES = List.of("root", "app", "jdk", "native", "kernel", "synthetic");
    private static final int ROOT = 0;
    private static final int APP = 1;
    private static final int JDK = 2;
    private static final int NATIVE = 3;
    private static final int KERNEL = 4;
    private static final int SYNTHETIC = 5;
    private static final List<String> JDK_PACKAGES = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.");

    @Override
    public void render(Profile profile, RenderOptions options, OutputStream out) throws IOException {
        int valueIndex = options.valueIndex(profile);
        String title = options.titleFor(profile);
        String data = data(profile, CallTree.of(profile, valueIndex), title);
        Map<String, String> values = new LinkedHashMap<>();
        values.put("title", Html.escape(title));
        values.put("data", data);
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        HtmlTemplate.load(FlameGraphWriter.class, "flamegraph.html").write(values, writer);
        writer.flush();
    }

    /** The JSON embedded in the page; every string is escaped so that it cannot end the script element. */
    static String data(Profile profile, CallTree tree, String title) {
        ValueType type = profile.valueTypes().get(tree.valueIndex());
        Columns columns = new Columns();
        List<CallTree.Node> root = List.of(tree.root());
        columns.add(root, 0, "all", ROOT);
        new Emitter(profile, columns).children(root, 1);

        StringBuilder json = new StringBuilder(64 + columns.size() * 24);
        json.append("{\"title\":").append(JsonText.quote(title));
        json.append(",\"value\":{\"name\":").append(JsonText.quote(type.name()))
                .append(",\"unit\":\"").append(JsonWriter.label(type.unit())).append("\"}");
        json.append(",\"total\":").append(tree.total());
        json.append(",\"warnings\":[");
        for (int i = 0; i < profile.warnings().size(); i++) {
            json.append(i == 0 ? "" : ",").append(JsonText.quote(profile.warnings().get(i)));
        }
        json.append("],\n\"strings\":[");
        for (int i = 0; i < columns.strings.size(); i++) {
            json.append(i == 0 ? "" : ",").append(JsonText.quote(columns.strings.get(i)));
        }
        json.append("],\n\"nodes\":{");
        columns.append(json);
        json.append("}}");
        return json.toString();
    }

    /**
     * Writes sibling nodes that would be drawn alike (same name and colour, for example one frame
     * seen compiled and interpreted) as one box, merging their subtrees.
     */
    private static final class Emitter {
        private final Profile profile;
        private final Columns columns;
        private final Map<Integer, String> names = new HashMap<>();
        private final Map<Integer, Integer> categories = new HashMap<>();

        Emitter(Profile profile, Columns columns) {
            this.profile = profile;
            this.columns = columns;
        }

        void children(List<CallTree.Node> parents, int depth) {
            Map<String, List<CallTree.Node>> groups = new TreeMap<>();
            for (CallTree.Node parent : parents) {
                for (CallTree.Node child : parent.children()) {
                    String key = name(child.frame()) + '\0' + category(child.frame());
                    groups.computeIfAbsent(key, k -> new ArrayList<>()).add(child);
                }
            }
            for (List<CallTree.Node> group : groups.values()) {
                int frame = group.get(0).frame();
                columns.add(group, depth, name(frame), category(frame));
                children(group, depth + 1);
            }
        }

        private String name(int frame) {
            return names.computeIfAbsent(frame, f -> {
                int line = profile.frameLine(f);
                return line > 0 ? profile.frameName(f) + ":" + line : profile.frameName(f);
            });
        }

        private int category(int frame) {
            return categories.computeIfAbsent(frame, f -> category(profile.frameKind(f), profile.frameClass(f)));
        }

        private static int category(FrameKind kind, String className) {
            return switch (kind) {
                case SYNTHETIC -> SYNTHETIC;
                case KERNEL -> KERNEL;
                case NATIVE -> NATIVE;
                default -> className.isEmpty() ? NATIVE : JDK_PACKAGES.stream().anyMatch(className::startsWith) ? JDK : APP;
            };
        }
    }

    /** The node table in columns, names interned in a string table. */
    private static final class Columns {
        final List<String> strings = new ArrayList<>();
        final Map<String, Integer> stringIds = new HashMap<>();
        final StringBuilder name = new StringBuilder();
        final StringBuilder category = new StringBuilder();
        final StringBuilder depth = new StringBuilder();
        final StringBuilder total = new StringBuilder();
        final StringBuilder self = new StringBuilder();
        int count;

        void add(List<CallTree.Node> group, int nodeDepth, String text, int nodeCategory) {
            long totalValue = 0;
            long selfValue = 0;
            for (CallTree.Node node : group) {
                totalValue += node.total();
                selfValue += node.self();
            }
            String separator = count == 0 ? "" : ",";
            Integer id = stringIds.get(text);
            if (id == null) {
                id = strings.size();
                strings.add(text);
                stringIds.put(text, id);
            }
            name.append(separator).append(id);
            category.append(separator).append(nodeCategory);
            depth.append(separator).append(nodeDepth);
            total.append(separator).append(totalValue);
            self.append(separator).append(selfValue);
            count++;
        }

        int size() {
            return count;
        }

        void append(StringBuilder json) {
            json.append("\"name\":[").append(name).append("],\n\"category\":[").append(category)
                    .append("],\n\"depth\":[").append(depth).append("],\n\"total\":[").append(total)
                    .append("],\n\"self\":[").append(self).append("]");
        }
    }
}
