package dev.jprof.capture;

import java.io.IOException;

/**
 * A file that cannot be read as a profile; the message is one line a user can act on. Text the message quotes
 * from the file cannot break that line: line breaks and other control characters become visible escapes.
 */
public class ProfileFormatException extends IOException {
    public ProfileFormatException(String message) {
        super(oneLine(message));
    }

    public ProfileFormatException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    private static String oneLine(String message) {
        if (message == null) return null;
        StringBuilder out = null;
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            boolean control = c < ' ' || c == '\u007f' || (c >= '\u0080' && c < '\u00a0') || c == '\u2028' || c == '\u2029';
            if (control && out == null) out = new StringBuilder(message.length() + 16).append(message, 0, i);
            if (out == null) continue;
            if (control) out.append(String.format("\\u%04x", (int) c));
            else out.append(c);
        }
        return out == null ? message : out.toString();
    }
}
