package dev.jprof.capture.threads;

import dev.jprof.capture.ProfileFormatException;
import dev.jprof.capture.json.JsonTokens;
import dev.jprof.capture.threads.ThreadDump.Frame;
import dev.jprof.capture.threads.ThreadDump.ThreadEntry;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
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
        try {
            return threads(new StringReader(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads the dump as a stream, member by member: with 100,000 virtual threads it is 70 MB of JSON,
     * but mostly the same few stacks, so each distinct frame and stack is kept once. A dump that does not
     * read as JSON gives the threads read up to there.
     */
    static List<ThreadEntry> threads(Reader json) throws IOException {
        List<ThreadEntry> threads = new ArrayList<>();
        Map<String, Frame> frames = new HashMap<>();
        Map<List<Frame>, List<Frame>> stacks = new HashMap<>();
        JsonTokens tokens = new JsonTokens(json, "thread dump");
        try {
            tokens.beginObject();
            while (tokens.hasNext()) {
                if (!tokens.nextName().equals("threadDump")) {
                    tokens.skipValue();
                    continue;
                }
                tokens.beginObject();
                while (tokens.hasNext()) {
                    if (!tokens.nextName().equals("threadContainers")) {
                        tokens.skipValue();
                        continue;
                    }
                    tokens.beginArray();
                    while (tokens.hasNext()) container(tokens, threads, frames, stacks);
                    tokens.endArray();
                }
                tokens.endObject();
            }
        } catch (ProfileFormatException e) {
            // the threads read so far
        }
        return threads;
    }

    private static void container(JsonTokens tokens, List<ThreadEntry> threads, Map<String, Frame> frames,
                                  Map<List<Frame>, List<Frame>> stacks) throws IOException, ProfileFormatException {
        tokens.beginObject();
        while (tokens.hasNext()) {
            if (!tokens.nextName().equals("threads") || tokens.peek() != JsonTokens.Kind.ARRAY) {
                tokens.skipValue();
                continue;
            }
            tokens.beginArray();
            while (tokens.hasNext()) {
                ThreadEntry thread = thread(tokens, frames, stacks);
                if (thread != null) threads.add(thread);
            }
            tokens.endArray();
        }
        tokens.endObject();
    }

    /** One thread, or null when it has no numeric tid. */
    private static ThreadEntry thread(JsonTokens tokens, Map<String, Frame> frames, Map<List<Frame>, List<Frame>> stacks)
            throws IOException, ProfileFormatException {
        long id = -1;
        String name = "";
        Thread.State state = null;
        List<Frame> stack = List.of();
        tokens.beginObject();
        while (tokens.hasNext()) {
            String member = tokens.nextName();
            JsonTokens.Kind kind = tokens.peek();
            if (member.equals("stack") && kind == JsonTokens.Kind.ARRAY) {
                List<Frame> read = new ArrayList<>();
                tokens.beginArray();
                while (tokens.hasNext()) {
                    if (tokens.peek() != JsonTokens.Kind.STRING) {
                        tokens.skipValue();
                        continue;
                    }
                    read.add(frames.computeIfAbsent(tokens.nextString(), JsonThreadDump::frame));
                }
                tokens.endArray();
                stack = stacks.computeIfAbsent(List.copyOf(read), k -> k);
            } else if (kind == JsonTokens.Kind.OBJECT || kind == JsonTokens.Kind.ARRAY) {
                tokens.skipValue();
            } else {
                String value = tokens.nextString();
                if (value == null) continue;
                switch (member) {
                    case "tid" -> {
                        try {
                            id = Long.parseLong(value);
                        } catch (NumberFormatException e) {
                            id = -1;
                        }
                    }
                    case "name" -> name = value;
                    case "state" -> {
                        try {
                            state = Thread.State.valueOf(value);
                        } catch (IllegalArgumentException e) {
                            // a state this JDK does not know
                        }
                    }
                    default -> {
                    }
                }
            }
        }
        tokens.endObject();
        return id < 0 ? null : new ThreadEntry(name, id, state, true, true, -1, stack, null, null, -1, List.of(), false, false);
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
}
