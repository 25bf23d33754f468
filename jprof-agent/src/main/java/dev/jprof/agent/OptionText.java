package dev.jprof.agent;

import java.util.Locale;
import java.util.function.BiConsumer;

/**
 * The agent's option string: {@code key=value} items separated by commas. The {@code file} option,
 * when it comes last, takes the rest of the string, so a path may hold commas.
 */
public final class OptionText {
    private OptionText() {
    }

    /** Calls {@code set} with each key (lower case) and value (trimmed); IllegalArgumentException names a bad item. */
    public static void forEach(String text, BiConsumer<String, String> set) {
        String rest = text == null ? "" : text.trim();
        while (!rest.isEmpty()) {
            int eq = rest.indexOf('=');
            int comma = rest.indexOf(',');
            if (eq < 0 || comma >= 0 && comma < eq) {
                String item = comma < 0 ? rest : rest.substring(0, comma);
                throw new IllegalArgumentException("bad option '" + item + "' (expected key=value)");
            }
            String key = rest.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String value;
            if (key.equals("file") && rest.indexOf('=', eq + 1) < 0) {
                value = rest.substring(eq + 1);
                rest = "";
            } else {
                int end = rest.indexOf(',', eq + 1);
                value = end < 0 ? rest.substring(eq + 1) : rest.substring(eq + 1, end);
                rest = end < 0 ? "" : rest.substring(end + 1).trim();
            }
            set.accept(key, value.trim());
        }
    }
}
