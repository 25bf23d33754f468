package dev.jprof.capture.threads;

import dev.jprof.capture.ProfileFormatException;
import dev.jprof.capture.json.JsonParser;
import dev.jprof.capture.threads.ThreadDump.Frame;
import dev.jprof.capture.threads.ThreadDump.ThreadEntry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The threads of the JVM's own JSON thread dump (JDK 21+, {@code jcmd PID Thread.dump_to_file
 * -format=json}): the one place a JVM lists its virtual threads. JDK 21 gives tid, name and stack;
 * later JDKs add state and a virtual flag. Frames are StackTraceElement strings.
 */
final class JsonThreadDump {
    private JsonThreadDump() {
    }

    static List<ThreadEntry> threads(String json) {
        List<ThreadEntry> threads = new ArrayList<>();
        Object root;
        try {
            root = JsonParser.parse(json, "thread dump");
        } catch (ProfileFormatException e) {
            return threads;
        }
        Map<?, ?> dump = map(map(root).get("threadDump"));
        for (Object container : list(dump.get("threadContainers"))) {
            for (Object item : list(map(container).get("threads"))) {
                Map<?, ?> thread = map(item);
                long id;
                try {
                    id = Long.parseLong(String.valueOf(thread.get("tid")));
                } catch (NumberFormatException e) {
                    continue;
                }
                List<Frame> stack = new ArrayList<>();
                for (Object frame : list(thread.get("stack"))) stack.add(frame(String.valueOf(frame)));
                Thread.State state = null;
                Object stateText = thread.get("state");
                if (stateText != null) {
                    try {
                        state = Thread.State.valueOf(stateText.toString());
                    } catch (IllegalArgumentException e) {
                        // a state this JDK does not know
                    }
                }
                String name = thread.get("name") == null ? "" : thread.get("name").toString();
                threads.add(new ThreadEntry(name, id, state, true, true, -1, stack, null, null, -1, List.of(), false, false));
            }
        }
        return threads;
    }

    /** Parses {@code [loader/][module@version/]class.method(File.java:12)}; hidden classes keep their "/0x..." suffix. */
    static Frame frame(String text) {
        int paren = text.indexOf('(');
        String where = paren < 0 ? "" : text.substring(paren + 1, text.endsWith(")") ? text.length() - 1 : text.length());
        String qualified = paren < 0 ? text : text.substring(0, paren);
        int dot = qualified.lastIndexOf('.');
        String cls = dot < 0 ? "" : qualified.substring(0, dot);
        String method = dot < 0 ? qualified : qualified.substring(dot + 1);
        int slash;
        while ((slash = cls.indexOf('/')) >= 0 && !cls.startsWith("0x", slash + 1)) cls = cls.substring(slash + 1);
        boolean nativeMethod = where.equals("Native Method");
        String file = null;
        int line = -1;
        if (!nativeMethod && !where.equals("Unknown Source") && !where.isEmpty()) {
            int colon = where.lastIndexOf(':');
            file = colon < 0 ? where : where.substring(0, colon);
            if (colon >= 0) {
                try {
                    line = Integer.parseInt(where.substring(colon + 1));
                } catch (NumberFormatException e) {
                    file = where;
                }
            }
        }
        return new Frame(cls, method, file, line, nativeMethod, List.of());
    }

    private static Map<?, ?> map(Object value) {
        return value instanceof Map<?, ?> m ? m : Map.of();
    }

    private static List<?> list(Object value) {
        return value instanceof List<?> l ? l : List.of();
    }
}
