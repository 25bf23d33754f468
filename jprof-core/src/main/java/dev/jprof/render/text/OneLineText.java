package dev.jprof.render.text;

/**
 * Text from a profile as it may stand in a line-based format or on a terminal: line breaks (also U+0085, U+2028,
 * U+2029) and other control characters, escape sequences included, become spaces, so a name can never start a
 * second record nor drive the terminal.
 */
public final class OneLineText {
    private OneLineText() {
    }

    public static String of(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean replace = c < ' ' || (c >= '\u007f' && c < '\u00a0') || c == '\u2028' || c == '\u2029';
            if (replace && out == null) out = new StringBuilder(text.length()).append(text, 0, i);
            if (out != null) out.append(replace ? ' ' : c);
        }
        return out == null ? text : out.toString();
    }
}
