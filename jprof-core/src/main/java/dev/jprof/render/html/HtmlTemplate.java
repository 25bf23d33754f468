package dev.jprof.render.html;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A page template from the class path with {@code {{name}}} placeholders. Placeholders are found in
 * the template only, never in the values put into it, so a value may contain "{{...}}" safely.
 */
final class HtmlTemplate {
    private final String text;

    private HtmlTemplate(String text) {
        this.text = text;
    }

    static HtmlTemplate load(Class<?> owner, String resource) {
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing resource " + resource + " next to " + owner.getName());
            return new HtmlTemplate(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the template with each known placeholder replaced by its value (values are written as given). */
    void write(Map<String, String> values, Writer out) throws IOException {
        int from = 0;
        while (true) {
            int open = text.indexOf("{{", from);
            int close = open < 0 ? -1 : text.indexOf("}}", open + 2);
            if (close < 0) break;
            String value = values.get(text.substring(open + 2, close));
            if (value == null) {
                out.write(text, from, open + 2 - from);
                from = open + 2;
                continue;
            }
            out.write(text, from, open - from);
            out.write(value);
            from = close + 2;
        }
        out.write(text, from, text.length() - from);
    }
}
