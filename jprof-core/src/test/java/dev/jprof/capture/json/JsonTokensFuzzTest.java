package dev.jprof.capture.json;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.jprof.capture.ProfileFormatException;
import dev.jprof.fixture.FormatErrors;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Jazzer: the streaming JSON reader behind {@code jprof dump} (a JVM's JSON thread dump, 70 MB with 100,000
 * virtual threads) reads a document or ends with one ProfileFormatException, also when the stream arrives in
 * pieces of a few characters; skipping a document fails exactly where reading it fails; and what it reads is what
 * {@link JsonParser} (the tree reader, the stricter's lenient twin) reads from the same text. Seeds: a JDK 25
 * thread dump and a document with every kind of value.
 */
class JsonTokensFuzzTest {
    private static final String SOURCE = "fuzz.json";

    @FuzzTest(maxDuration = "10s")
    void walk(byte[] data) throws IOException {
        int piece = data.length == 0 ? 1 : 1 + (data[0] & 7);
        String text = new String(data, StandardCharsets.UTF_8);
        Object[] read = new Object[1];
        boolean[] readFailed = {true};
        FormatErrors.expectOnly(ProfileFormatException.class, SOURCE, data.length, () -> {
            read[0] = value(new JsonTokens(new Pieces(text, piece), SOURCE));
            readFailed[0] = false;
        });
        boolean[] skipFailed = {true};
        FormatErrors.expectOnly(ProfileFormatException.class, SOURCE, data.length, () -> {
            new JsonTokens(new StringReader(text), SOURCE).skipValue();
            skipFailed[0] = false;
        });
        if (readFailed[0]) {
            // skipping keeps no string, so it may pass over one longer than reading keeps
            if (!skipFailed[0] && !hasLongString(text)) throw new AssertionError("skipping passed where reading failed");
            return;
        }
        if (skipFailed[0]) throw new AssertionError("skipping failed where reading passed");
        Object tree;
        try {
            tree = JsonParser.parse(text, SOURCE);
        } catch (ProfileFormatException e) {
            // the streaming reader stops after the first value; the tree reader wants nothing after it
            if (e.getMessage().endsWith("unexpected text after the JSON value")) return;
            throw new AssertionError("JsonTokens read what JsonParser refuses: " + e.getMessage(), e);
        }
        if (!same(read[0], tree)) throw new AssertionError("JsonTokens read " + read[0] + ", JsonParser " + tree);
    }

    private static Object value(JsonTokens tokens) throws IOException {
        switch (tokens.peek()) {
            case OBJECT -> {
                Map<String, Object> object = new LinkedHashMap<>();
                tokens.beginObject();
                while (tokens.hasNext()) {
                    String name = tokens.nextName();
                    object.put(name, value(tokens));
                }
                tokens.endObject();
                return object;
            }
            case ARRAY -> {
                List<Object> array = new ArrayList<>();
                tokens.beginArray();
                while (tokens.hasNext()) array.add(value(tokens));
                tokens.endArray();
                return array;
            }
            case NUMBER -> {
                return new Number(tokens.nextString());
            }
            default -> {
                return tokens.nextString();
            }
        }
    }

    private static boolean same(Object streamed, Object tree) {
        if (streamed instanceof Map<?, ?> object) {
            if (!(tree instanceof Map<?, ?> other) || object.size() != other.size()) return false;
            for (Map.Entry<?, ?> member : object.entrySet()) {
                if (!other.containsKey(member.getKey()) || !same(member.getValue(), other.get(member.getKey()))) return false;
            }
            return true;
        }
        if (streamed instanceof List<?> array) {
            if (tree instanceof long[] longs) {
                if (longs.length != array.size()) return false;
                for (int i = 0; i < longs.length; i++) if (!same(array.get(i), longs[i])) return false;
                return true;
            }
            if (!(tree instanceof List<?> list) || list.size() != array.size()) return false;
            for (int i = 0; i < list.size(); i++) if (!same(array.get(i), list.get(i))) return false;
            return true;
        }
        if (streamed instanceof Number number) {
            if (tree instanceof Long integer) return Long.parseLong(number.text) == integer;
            return tree instanceof Double real && Double.parseDouble(number.text) == real;
        }
        if (tree instanceof Boolean flag) return flag.toString().equals(streamed);
        return Objects.equals(streamed, tree);
    }

    private static boolean hasLongString(String text) {
        return text.length() > (1 << 20);
    }

    /** A number's text, as the streaming reader gives it. */
    private record Number(String text) {
    }

    /** The text in pieces of at most {@code size} characters, as a pipe or a socket may deliver it. */
    private static final class Pieces extends Reader {
        private final String text;
        private final int size;
        private int pos;

        Pieces(String text, int size) {
            this.text = text;
            this.size = size;
        }

        @Override
        public int read(char[] buffer, int offset, int length) {
            if (pos == text.length()) return -1;
            int n = Math.min(Math.min(length, size), text.length() - pos);
            text.getChars(pos, pos + n, buffer, offset);
            pos += n;
            return n;
        }

        @Override
        public void close() {
        }
    }
}
