package dev.jprof.render.html;

/**
 * Whole numbers written compactly as text that is safe in a JSON string and an HTML script element:
 * five bits per character, low bits first; characters from {@link #MORE} continue a number, a character
 * from {@link #LAST} ends it. model.js reads it back ({@code decodeNumbers}).
 */
final class VarintText {
    static final String LAST = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef";
    static final String MORE = "ghijklmnopqrstuvwxyz0123456789+/";

    private final StringBuilder text = new StringBuilder();
    private int count;

    /** Appends a number that is 0 or more. */
    VarintText add(long value) {
        if (value < 0) throw new IllegalArgumentException("negative: " + value);
        while (value >= 32) {
            text.append(MORE.charAt((int) (value & 31)));
            value >>>= 5;
        }
        text.append(LAST.charAt((int) value));
        count++;
        return this;
    }

    /** Appends any number, zigzag-encoded (0, -1, 1, -2, ... become 0, 1, 2, 3, ...). */
    VarintText addSigned(long value) {
        return add((value << 1) ^ (value >> 63));
    }

    int count() {
        return count;
    }

    /** The numbers so far, as a JSON string literal. */
    String json() {
        return "\"" + text + "\"";
    }

    static String encode(long... values) {
        VarintText text = new VarintText();
        for (long v : values) text.add(v);
        return text.text.toString();
    }
}
