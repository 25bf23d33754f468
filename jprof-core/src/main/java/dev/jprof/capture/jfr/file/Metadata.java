package dev.jprof.capture.jfr.file;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The types a chunk declares, read from its metadata event (a string table and a tree of elements). */
final class Metadata {
    private static final String LABEL = "jdk.jfr.Label";
    private static final String TIMESTAMP = "jdk.jfr.Timestamp";
    private static final String TIMESPAN = "jdk.jfr.Timespan";
    private static final String TICKS = "TICKS";

    private final Map<Long, JfrType> byId = new HashMap<>();
    private final Map<String, JfrType> byName = new HashMap<>();

    private record Element(String name, Map<String, String> attributes, List<Element> children) {
        String attribute(String key) {
            return attributes.get(key);
        }
    }

    static Metadata read(JfrInput in, long offset) {
        in.position(offset);
        in.readInt();
        long type = in.readLong();
        if (type != 0) throw new JfrFormatException("no metadata event at offset " + offset);
        in.readLong();
        in.readLong();
        in.readLong();
        int count = in.readInt();
        if (count < 0 || count > in.limit()) throw new JfrFormatException("metadata string table is damaged");
        String[] strings = new String[count];
        for (int i = 0; i < count; i++) {
            Object s = in.readString();
            strings[i] = s instanceof String ? (String) s : null;
        }
        Metadata metadata = new Metadata();
        metadata.build(element(in, strings, 0));
        return metadata;
    }

    private static Element element(JfrInput in, String[] strings, int depth) {
        if (depth > 64) throw new JfrFormatException("metadata nests too deep");
        String name = string(strings, in.readInt());
        int attributeCount = in.readInt();
        Map<String, String> attributes = new HashMap<>();
        for (int i = 0; i < attributeCount; i++) {
            attributes.put(string(strings, in.readInt()), string(strings, in.readInt()));
        }
        int childCount = in.readInt();
        if (childCount < 0) throw new JfrFormatException("metadata is damaged");
        List<Element> children = new ArrayList<>(Math.min(childCount, 1024));
        for (int i = 0; i < childCount; i++) children.add(element(in, strings, depth + 1));
        return new Element(name, attributes, children);
    }

    private static String string(String[] strings, int index) {
        if (index < 0 || index >= strings.length) throw new JfrFormatException("metadata refers to string " + index + " of " + strings.length);
        return strings[index];
    }

    private void build(Element root) {
        List<Element> classes = new ArrayList<>();
        for (Element section : root.children()) {
            if (!"metadata".equals(section.name())) continue;
            for (Element e : section.children()) {
                if ("class".equals(e.name())) classes.add(e);
            }
        }
        Map<Long, String> names = new HashMap<>();
        for (Element c : classes) names.put(id(c), c.attribute("name"));
        for (Element c : classes) {
            String label = null;
            List<JfrField> fields = new ArrayList<>();
            for (Element child : c.children()) {
                if ("annotation".equals(child.name()) && LABEL.equals(names.get(id(child, "class")))) {
                    label = child.attribute("value");
                } else if ("field".equals(child.name())) {
                    fields.add(field(child, names));
                }
            }
            JfrType type = new JfrType(id(c), c.attribute("name"), c.attribute("superType"), label, fields);
            byId.put(type.id(), type);
            byName.put(type.name(), type);
        }
        for (JfrType type : byId.values()) type.plan(this);
    }

    private static JfrField field(Element f, Map<Long, String> names) {
        boolean ticks = false;
        for (Element a : f.children()) {
            if (!"annotation".equals(a.name())) continue;
            String annotation = names.get(id(a, "class"));
            if ((TIMESTAMP.equals(annotation) || TIMESPAN.equals(annotation)) && TICKS.equals(a.attribute("value"))) ticks = true;
        }
        String dimension = f.attribute("dimension");
        return new JfrField(f.attribute("name"), id(f, "class"),
                dimension != null && !"0".equals(dimension),
                "true".equals(f.attribute("constantPool")), ticks);
    }

    private static long id(Element e) {
        return id(e, "id");
    }

    private static long id(Element e, String attribute) {
        String text = e.attribute(attribute);
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException | NullPointerException ex) {
            throw new JfrFormatException("metadata element '" + e.name() + "' has no numeric " + attribute);
        }
    }

    JfrType type(long id) {
        JfrType type = byId.get(id);
        if (type == null) throw new JfrFormatException("type " + id + " is used but not declared in the chunk's metadata");
        return type;
    }

    JfrType typeOrNull(long id) {
        return byId.get(id);
    }

    JfrType typeOrNull(String name) {
        return byName.get(name);
    }
}
