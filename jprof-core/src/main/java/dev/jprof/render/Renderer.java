package dev.jprof.render;

import dev.jprof.model.Profile;
import dev.jprof.render.html.FlameGraphWriter;
import dev.jprof.render.json.JsonWriter;
import dev.jprof.render.pprof.PprofWriter;
import dev.jprof.render.speedscope.SpeedscopeWriter;
import dev.jprof.render.text.CollapsedWriter;
import dev.jprof.render.text.TableWriter;
import dev.jprof.render.text.TreeWriter;

import java.io.IOException;
import java.io.OutputStream;

/** Draws a profile as bytes. Renderers flush but never close the stream. */
public interface Renderer {
    void render(Profile profile, RenderOptions options, OutputStream out) throws IOException;

    /** The renderer of a format; {@link Format#JFR} has none, a JFR file is the recording itself. */
    static Renderer forFormat(Format format) {
        return switch (format) {
            case HTML -> new FlameGraphWriter();
            case COLLAPSED -> new CollapsedWriter();
            case TABLE -> new TableWriter();
            case TREE -> new TreeWriter();
            case JSON -> new JsonWriter();
            case PPROF -> new PprofWriter();
            case SPEEDSCOPE -> new SpeedscopeWriter();
            case JFR -> throw new IllegalArgumentException(
                    "jfr output is the raw recording: copy the .jfr file, it cannot be rendered from a profile");
        };
    }
}
