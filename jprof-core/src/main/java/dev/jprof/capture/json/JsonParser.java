package dev.jprof.capture.json;

import dev.jprof.capture.ProfileFormatException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON parser. Objects become {@code Map<String, Object>} (in file order), strings
 * {@code String}, integers {@code Long}, other numbers {@code Double}, true/false {@code Boolean},
 * null {@code null}; an array of integers becomes a {@code long[]} so that large sample columns stay
 * compact, any other non-empty array a {@code List<Object>}, and an empty array an empty list.
 */
public final class JsonParser {
    private final String text;
    private static final int MAX_DEPTH = 512;

    private final String source;
    private int pos;
    private int depth;

    private JsonParser(String text, String source) {
        this.text = text;
        this.source = source;
    }

    /** @param source name of the input for error messages, for example the file name */
    public static Object parse(String text, String source) throws ProfileFormatException {
        JsonParser parser = new JsonParser(text, source);
        parser.skipSpace();
        Object value = parser.value();
        parser.skipSpace();
        if (parser.pos < text.length()) throw parser.error("unexpected text after the JSON value");
        return value;
    }

    private Object value() throws ProfileFormatException {
        if (pos >= text.length()) throw error("unexpected end of input");
        char c = text.charAt(pos);
        switch (c) {
            case '{':
                return nested(true);
            case '[':
                return nested(false);
            case '"':
                return string();
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", null);
            default:
                if (c == '-' || c >= '0' && c <= '9') return number();
                throw error("unexpected character '" + printable(c) + "'");
        }
    }

    private Object nested(boolean object) throws ProfileFormatException {
        if (++depth > MAX_DEPTH) throw error("nested deeper than " + MAX_DEPTH + " levels");
        Object value = object ? object() : array();
        depth--;
        return value;
    }

    private Map<String, Object> object() throws ProfileFormatException {
        Map<String, Object> map = new LinkedHashMap<>();
        pos++;
        skipSpace();
        if (peek() == '}') {
            pos++;
            return map;
        }
        while (true) {
            skipSpace();
            if (peek() != '"') throw error("expected a member name in quotes");
            String key = string();
            skipSpace();
            expect(':');
            skipSpace();
            map.put(key, value());
            skipSpace();
            char c = next();
            if (c == '}') return map;
            if (c != ',') throw error(pos - 1, "expected ',' or '}'");
        }
    }

    private Object array() throws ProfileFormatException {
        pos++;
        skipSpace();
        if (peek() == ']') {
            pos++;
            return List.of();
        }
        long[] longs = new long[16];
        int count = 0;
        List<Object> list = null;
        while (true) {
            skipSpace();
            Object value = value();
            if (list == null && value instanceof Long) {
                if (count == longs.length) longs = Arrays.copyOf(longs, count * 2);
                longs[count++] = (Long) value;
            } else {
                if (list == null) {
                    list = new ArrayList<>(count + 1);
                    for (int i = 0; i < count; i++) list.add(longs[i]);
                }
                list.add(value);
            }
            skipSpace();
            char c = next();
            if (c == ']') return list != null ? list : Arrays.copyOf(longs, count);
            if (c != ',') throw error(pos - 1, "expected ',' or ']'");
        }
    }

    private String string() throws ProfileFormatException {
        int start = pos;
        pos++;
        StringBuilder out = null;
        int plainFrom = pos;
        while (true) {
            if (pos >= text.length()) throw error(start, "unterminated string");
            char c = text.charAt(pos);
            if (c == '"') {
                String value = out == null ? text.substring(plainFrom, pos) : out.append(text, plainFrom, pos).toString();
                pos++;
                return value;
            }
            if (c < ' ') throw error("control character in string");
            if (c != '\\') {
                pos++;
                continue;
            }
            if (out == null) out = new StringBuilder();
            out.append(text, plainFrom, pos);
            pos++;
            char e = next();
            switch (e) {
                case '"', '\\', '/' -> out.append(e);
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    if (pos + 4 > text.length()) throw error("incomplete \\u escape");
                    try {
                        out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                    } catch (NumberFormatException ex) {
                        throw error("bad \\u escape");
                    }
                    pos += 4;
                }
                default -> throw error(pos - 1, "bad escape '\\" + printable(e) + "'");
            }
            plainFrom = pos;
        }
    }

    private Object number() throws ProfileFormatException {
        int start = pos;
        if (peek() == '-') pos++;
        boolean integral = true;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c >= '0' && c <= '9') {
                pos++;
            } else if (c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
                integral = false;
                pos++;
            } else {
                break;
            }
        }
        String number = text.substring(start, pos);
        try {
            if (integral) return Long.parseLong(number);
            return Double.parseDouble(number);
        } catch (NumberFormatException e) {
            try {
                return Double.parseDouble(number);
            } catch (NumberFormatException notANumber) {
                throw error(start, "bad number '" + number + "'");
            }
        }
    }

    private Object literal(String word, Object value) throws ProfileFormatException {
        if (!text.startsWith(word, pos)) throw error("unexpected text");
        pos += word.length();
        return value;
    }

    private void skipSpace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') return;
            pos++;
        }
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private char next() throws ProfileFormatException {
        if (pos >= text.length()) throw error("unexpected end of input");
        return text.charAt(pos++);
    }

    private void expect(char c) throws ProfileFormatException {
        if (peek() != c) throw error("expected '" + c + "'");
        pos++;
    }

    private ProfileFormatException error(String message) {
        return error(pos, message);
    }

    private ProfileFormatException error(int at, String message) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < Math.min(at, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new ProfileFormatException(source + " line " + line + " column " + (at - lineStart + 1) + ": " + message);
    }

    private static String printable(char c) {
        return c < ' ' || c > '~' ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }
}
