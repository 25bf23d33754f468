package dev.jprof.capture.json;

import dev.jprof.capture.ProfileFormatException;

import java.io.IOException;
import java.io.Reader;

/**
 * JSON read value by value from a stream, for documents too large to hold as a tree (a JVM's thread
 * dump with 100,000 virtual threads is 70 MB): the caller walks the structure it expects with
 * {@link #beginObject}, {@link #nextName}, {@link #nextString} and the like, and {@link #skipValue}s
 * the rest, so only the values it keeps take memory. {@link JsonParser} builds whole trees.
 */
public final class JsonTokens {
    /** What the next value is. */
    public enum Kind { OBJECT, ARRAY, STRING, NUMBER, LITERAL }

    private static final int MAX_STRING = 1 << 20;
    private static final int MAX_DEPTH = 512;

    private final Reader in;
    private final String source;
    private final char[] buffer = new char[1 << 16];
    private int length;
    private int pos;
    private long offset;
    /** Whether a value was read in the innermost open object or array: the next one needs a comma first. */
    private boolean afterValue;
    /** Per open level, whether it is an object (else an array). */
    private final boolean[] objects = new boolean[MAX_DEPTH];
    private int depth;

    public JsonTokens(Reader in, String source) {
        this.in = in;
        this.source = source;
    }

    public Kind peek() throws IOException, ProfileFormatException {
        char c = beforeValue();
        return switch (c) {
            case '{' -> Kind.OBJECT;
            case '[' -> Kind.ARRAY;
            case '"' -> Kind.STRING;
            case 't', 'f', 'n' -> Kind.LITERAL;
            default -> {
                if (c == '-' || c >= '0' && c <= '9') yield Kind.NUMBER;
                throw error("unexpected character '" + printable(c) + "'");
            }
        };
    }

    public void beginObject() throws IOException, ProfileFormatException {
        open('{');
    }

    public void endObject() throws IOException, ProfileFormatException {
        close('}');
    }

    public void beginArray() throws IOException, ProfileFormatException {
        open('[');
    }

    public void endArray() throws IOException, ProfileFormatException {
        close(']');
    }

    /** Whether the innermost object or array has another member. */
    public boolean hasNext() throws IOException, ProfileFormatException {
        char c = nonSpace();
        if (c == '}' || c == ']') return false;
        if (afterValue) {
            if (c != ',') throw error("expected ',' or the end of the object or array");
            pos++;
            afterValue = false;
        }
        return true;
    }

    /** The name of the object member that comes next (call {@link #hasNext} first). */
    public String nextName() throws IOException, ProfileFormatException {
        if (nonSpace() != '"') throw error("expected a member name");
        String name = string();
        if (nonSpace() != ':') throw error("expected ':' after the member name");
        pos++;
        afterValue = false;
        return name;
    }

    /** A string value, or the text of a number or literal ({@code null} for null). */
    public String nextString() throws IOException, ProfileFormatException {
        Kind kind = peek();
        String value = switch (kind) {
            case STRING -> string();
            case NUMBER, LITERAL -> bare();
            default -> throw error("expected a string, not an " + kind.name().toLowerCase(java.util.Locale.ROOT));
        };
        afterValue = true;
        return kind == Kind.LITERAL && value.equals("null") ? null : value;
    }

    /** Skips the next value, however deep, without keeping any of it. */
    public void skipValue() throws IOException, ProfileFormatException {
        int base = depth;
        skipOne();
        while (depth > base) {
            if (!hasNext()) {
                close(objects[depth - 1] ? '}' : ']');
                continue;
            }
            if (objects[depth - 1]) nextName();
            skipOne();
        }
    }

    private void skipOne() throws IOException, ProfileFormatException {
        Kind kind = peek();
        if (kind == Kind.OBJECT) {
            open('{');
        } else if (kind == Kind.ARRAY) {
            open('[');
        } else {
            if (kind == Kind.STRING) skipString();
            else bare();
            afterValue = true;
        }
    }

    private void open(char expected) throws IOException, ProfileFormatException {
        if (beforeValue() != expected) throw error("expected '" + expected + "'");
        if (depth == MAX_DEPTH) throw error("objects and arrays nested deeper than " + MAX_DEPTH);
        pos++;
        afterValue = false;
        objects[depth++] = expected == '{';
    }

    private void close(char expected) throws IOException, ProfileFormatException {
        if (nonSpace() != expected) throw error("expected '" + expected + "'");
        if (depth == 0 || objects[depth - 1] != (expected == '}')) throw error("'" + expected + "' closes nothing open");
        pos++;
        afterValue = true;
        depth--;
    }

    private char beforeValue() throws IOException, ProfileFormatException {
        char c = nonSpace();
        if (afterValue) throw error("expected ',' before the next value");
        return c;
    }

    private char nonSpace() throws IOException, ProfileFormatException {
        while (true) {
            if (pos == length && !fill()) throw error("unexpected end of input");
            char c = buffer[pos];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') return c;
            pos++;
        }
    }

    private boolean fill() throws IOException {
        offset += length;
        pos = 0;
        length = Math.max(0, in.read(buffer));
        return length > 0;
    }

    private char next() throws IOException, ProfileFormatException {
        if (pos == length && !fill()) throw error("unexpected end of input in a string");
        return buffer[pos++];
    }

    private String string() throws IOException, ProfileFormatException {
        StringBuilder text = new StringBuilder();
        pos++;
        while (true) {
            char c = next();
            if (c == '"') return text.toString();
            if (text.length() >= MAX_STRING) throw error("a string longer than " + MAX_STRING + " characters");
            if (c == '\\') c = escaped();
            else if (c < 0x20) throw error("a control character in a string");
            text.append(c);
        }
    }

    private void skipString() throws IOException, ProfileFormatException {
        pos++;
        while (true) {
            char c = next();
            if (c == '"') return;
            if (c == '\\') escaped();
            else if (c < 0x20) throw error("a control character in a string");
        }
    }

    private char escaped() throws IOException, ProfileFormatException {
        char c = next();
        return switch (c) {
            case '"', '\\', '/' -> c;
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'u' -> {
                int value = 0;
                for (int i = 0; i < 4; i++) {
                    int digit = Character.digit(next(), 16);
                    if (digit < 0) throw error("a bad \\u escape");
                    value = value * 16 + digit;
                }
                yield (char) value;
            }
            default -> throw error("a bad escape '\\" + printable(c) + "'");
        };
    }

    /** A number or literal: the characters up to the next delimiter. */
    private String bare() throws IOException, ProfileFormatException {
        StringBuilder text = new StringBuilder();
        while (pos < length || fill()) {
            char c = buffer[pos];
            if (c == ',' || c == '}' || c == ']' || c == ' ' || c == '\n' || c == '\r' || c == '\t') break;
            if (text.length() > 64) throw error("a number or literal longer than 64 characters");
            text.append(c);
            pos++;
        }
        String value = text.toString();
        if (value.equals("true") || value.equals("false") || value.equals("null")) return value;
        if (!value.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) throw error("a bad number or literal '" + value + "'");
        return value;
    }

    private ProfileFormatException error(String what) {
        return new ProfileFormatException(source + ": " + what + " at offset " + (offset + pos));
    }

    private static String printable(char c) {
        return c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c);
    }
}
