package dev.jprof.render.json;

import java.io.IOException;

/**
 * JSON string literals that are also safe inside an HTML script element: besides quotes, backslash
 * and control characters, '&lt;', '&gt;', '&amp;', U+2028, U+2029 and unpaired surrogates are written as \\u
 * escapes, so no "&lt;/script" or "&lt;!--" can appear in the output.
 */
public final class JsonText {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonText() {
    }

    public static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2);
        try {
            quote(text, out);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toString();
    }

    public static void quote(String text, Appendable out) throws IOException {
        out.append('"');
        int plainFrom = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String escape = escape(text, i, c);
            if (escape == null) continue;
            out.append(text, plainFrom, i).append(escape);
            plainFrom = i + 1;
        }
        out.append(text, plainFrom, text.length()).append('"');
    }

    private static String escape(String text, int i, char c) {
        switch (c) {
            case '"':
                return "\\\"";
            case '\\':
                return "\\\\";
            case '\n':
                return "\\n";
            case '\r':
                return "\\r";
            case '\t':
                return "\\t";
            case '\b':
                return "\\b";
            case '\f':
                return "\\f";
            case '<':
            case '>':
            case '&':
            case '\u2028':
            case '\u2029':
                return unicode(c);
            default:
                if (c < ' ' || c == '\u007f') return unicode(c);
                if (Character.isHighSurrogate(c)) {
                    return i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1)) ? null : unicode(c);
                }
                if (Character.isLowSurrogate(c)) {
                    return i > 0 && Character.isHighSurrogate(text.charAt(i - 1)) ? null : unicode(c);
                }
                return null;
        }
    }

    private static String unicode(char c) {
        return new String(new char[] {'\\', 'u', HEX[c >> 12 & 15], HEX[c >> 8 & 15], HEX[c >> 4 & 15], HEX[c & 15]});
    }
}
