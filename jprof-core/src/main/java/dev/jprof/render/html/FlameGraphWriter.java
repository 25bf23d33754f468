package dev.jprof.render.html;

import dev.jprof.model.Profile;
import dev.jprof.render.RenderOptions;
import dev.jprof.render.Renderer;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The flame graph viewer: one self-contained HTML page (no network access). The template viewer.html
 * gets viewer.css, model.js and viewer.js inlined, and the profile as {@link ViewerData} JSON in
 * {@code <script type="application/json" id="data">}.
 */
public final class FlameGraphWriter implements Renderer {
    private static final String[] RESOURCES = {"viewer.css", "model.js", "viewer.js"};

    @Override
    public void render(Profile profile, RenderOptions options, OutputStream out) throws IOException {
        int valueIndex = options.valueIndex(profile);
        String title = options.titleFor(profile);
        write(ViewerData.of(profile, valueIndex, -1, title), title, out);
    }

    /** A differential page: widths from {@code current}, colours from its change against {@code baseline}. */
    public void renderDiff(Profile profile, int baseline, int current, String title, OutputStream out) throws IOException {
        write(ViewerData.of(profile, current, baseline, title), title, out);
    }

    private static void write(String data, String title, OutputStream out) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("title", Html.escape(title));
        values.put("data", data);
        for (String resource : RESOURCES) values.put(resource, PageResource.text(resource));
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        HtmlTemplate.load(FlameGraphWriter.class, "viewer.html").write(values, writer);
        writer.flush();
    }
}
