package dev.jprof.render.html;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The viewer's script and style files, read once from the class path, checked safe to inline. */
final class PageResource {
    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

    private PageResource() {
    }

    static String text(String name) {
        return CACHE.computeIfAbsent(name, PageResource::load);
    }

    private static String load(String name) {
        try (InputStream in = PageResource.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource " + name + " next to " + PageResource.class.getName());
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String lower = text.toLowerCase(Locale.ROOT);
            if (lower.contains("</script") || lower.contains("</style") || lower.contains("<!--")) {
                throw new IllegalStateException(name + " must not contain </script, </style or <!-- (it is inlined in the page)");
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
