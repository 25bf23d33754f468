package dev.jprof.capture.jfr;

import dev.jprof.capture.ProfileFormatException;
import dev.jprof.capture.jfr.file.JfrFile;
import dev.jprof.heap.LeakCandidate;
import dev.jprof.heap.TypeNames;
import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedObject;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads jdk.OldObjectSample events: objects sampled at allocation that were still alive when the
 * recording ended, with their allocation stack and, when the recording's cutoff allowed JFR to
 * search for it, the reference chain from a GC root (field names included).
 */
public final class OldObjectSampleReader {
    static final String OLD_OBJECT_SAMPLE = "jdk.OldObjectSample";
    /** Guards against a malformed chain that loops. */
    private static final int MAX_CHAIN = 10_000;

    private OldObjectSampleReader() {
    }

    /** Groups of sampled objects, most objects first, then oldest first. */
    public static List<LeakCandidate> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new NoSuchFileException(file.toString(), null, "no such file");
        Map<List<Object>, Group> groups = new LinkedHashMap<>();
        try (RecordingFile recording = open(file)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent event = recording.readEvent();
                if (!event.getEventType().getName().equals(OLD_OBJECT_SAMPLE)) continue;
                RecordedObject object = event.getValue("object");
                String type = typeOf(object);
                List<String> stack = stack(event.getStackTrace());
                String root = root(event);
                List<LeakCandidate.Link> chain = chain(object);
                Duration age = event.hasField("objectAge") ? event.getDuration("objectAge") : Duration.ZERO;
                Group group = groups.computeIfAbsent(List.of(type, stack, root, chain), k -> new Group(type, stack, root, chain));
                group.count++;
                if (age.compareTo(group.oldest) > 0) group.oldest = age;
            }
        } catch (IOException | RuntimeException | InternalError e) { // jdk.jfr's parser throws InternalError on damaged pools
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new ProfileFormatException(file + ": not a readable JFR recording (" + why + ")", e);
        }
        List<LeakCandidate> candidates = new ArrayList<>();
        for (Group g : groups.values()) candidates.add(new LeakCandidate(g.type, g.count, g.oldest, g.stack, g.root, g.chain));
        candidates.sort(Comparator.comparingInt(LeakCandidate::count).reversed()
                .thenComparing(LeakCandidate::oldestAge, Comparator.reverseOrder()));
        return candidates;
    }

    private static final class Group {
        final String type;
        final List<String> stack;
        final String root;
        final List<LeakCandidate.Link> chain;
        int count;
        Duration oldest = Duration.ZERO;

        Group(String type, List<String> stack, String root, List<LeakCandidate.Link> chain) {
            this.type = type;
            this.stack = stack;
            this.root = root;
            this.chain = chain;
        }
    }

    private static String typeOf(RecordedObject object) {
        if (object == null) return "[unknown]";
        RecordedClass type = object.getValue("type");
        return type == null ? "[unknown]" : TypeNames.javaName(type.getName());
    }

    /** The type, and for a class object (holding static fields) which class: "java.lang.Class{Class Name: com.example.Cache}". */
    private static String linkType(RecordedObject object) {
        String type = typeOf(object);
        if (!type.equals("java.lang.Class") || !object.hasField("description")) return type;
        String description = object.getString("description");
        return description == null || description.isBlank() ? type : type + "{" + description + "}";
    }

    private static List<String> stack(RecordedStackTrace trace) {
        if (trace == null) return List.of();
        List<String> frames = new ArrayList<>();
        for (RecordedFrame frame : trace.getFrames()) {
            RecordedMethod method = frame.getMethod();
            if (method == null) {
                frames.add("[unknown]");
                continue;
            }
            String cls = method.getType() == null ? "" : HiddenClassNames.normalize(method.getType().getName());
            int line = frame.getLineNumber();
            frames.add(cls + "." + method.getName() + (line > 0 ? ":" + line : ""));
        }
        return frames;
    }

    private static String root(RecordedEvent event) {
        if (!event.hasField("root")) return "";
        RecordedObject root = event.getValue("root");
        if (root == null) return "";
        List<String> parts = new ArrayList<>();
        for (String field : new String[]{"system", "type", "description"}) {
            Object value = root.hasField(field) ? root.getValue(field) : null;
            if (value != null && !value.toString().isBlank()) parts.add(value.toString());
        }
        return String.join(", ", parts);
    }

    /** From the object up its referrers to the root object, then reversed: root first. */
    private static List<LeakCandidate.Link> chain(RecordedObject object) {
        List<LeakCandidate.Link> upward = new ArrayList<>();
        RecordedObject current = object;
        String via = "";
        int skipped = 0;
        while (current != null && upward.size() < MAX_CHAIN) {
            upward.add(new LeakCandidate.Link(linkType(current), via, skipped));
            RecordedObject reference = current.hasField("referrer") ? current.getValue("referrer") : null;
            if (reference == null) break;
            via = via(reference);
            skipped = reference.hasField("skip") ? reference.getInt("skip") : 0;
            current = reference.hasField("object") ? reference.getValue("object") : null;
        }
        Collections.reverse(upward);
        return upward;
    }

    /** How a referrer holds the next object: its field's name or the array index. */
    private static String via(RecordedObject reference) {
        RecordedObject field = reference.hasField("field") ? reference.getValue("field") : null;
        if (field != null && field.getString("name") != null) return field.getString("name");
        RecordedObject array = reference.hasField("array") ? reference.getValue("array") : null;
        if (array != null) return "[*]"; // any index: objects held by the same array group together
        return "?";
    }

    /** The JDK's reader of the file, once jprof has checked that it will not wait forever on an unfinished chunk. */
    private static RecordingFile open(Path file) throws IOException {
        JfrFile.requireFinished(file);
        return new RecordingFile(file);
    }
}
