package dev.jprof.render.json;

import dev.jprof.model.FrameKind;
import dev.jprof.model.Profile;
import dev.jprof.model.ThreadState;
import dev.jprof.model.Unit;
import dev.jprof.model.ValueType;
import dev.jprof.render.RenderOptions;
import dev.jprof.render.Renderer;
import dev.jprof.transform.CallStats;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * The whole profile as jprof JSON, version {@value #VERSION}; the shape is described in
 * docs/json-format.md. Options are ignored: the file holds every value type and sample.
 */
public final class JsonWriter implements Renderer {
    public static final String FORMAT = "jprof";
    public static final int VERSION = 1;

    @Override
    public void render(Profile profile, RenderOptions options, OutputStream out) throws IOException {
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        write(profile, writer);
        writer.flush();
    }

    public void write(Profile profile, Writer out) throws IOException {
        out.write("{\"format\":\"" + FORMAT + "\",\"version\":" + VERSION + ",\n");

        out.write("\"attributes\":{");
        String separator = "";
        for (Map.Entry<String, String> attribute : profile.attributes().entrySet()) {
            out.write(separator);
            JsonText.quote(attribute.getKey(), out);
            out.write(':');
            JsonText.quote(attribute.getValue(), out);
            separator = ",";
        }
        out.write("},\n");

        out.write("\"warnings\":[");
        separator = "";
        for (String warning : profile.warnings()) {
            out.write(separator);
            JsonText.quote(warning, out);
            separator = ",";
        }
        out.write("],\n");

        out.write("\"valueTypes\":[");
        separator = "";
        for (ValueType type : profile.valueTypes()) {
            out.write(separator + "{\"name\":");
            JsonText.quote(type.name(), out);
            out.write(",\"unit\":\"" + label(type.unit()) + "\"}");
            separator = ",";
        }
        out.write("],\n");

        out.write("\"frames\":[");
        for (int f = 0; f < profile.frameCount(); f++) {
            out.write(f == 0 ? "\n{\"class\":" : ",\n{\"class\":");
            JsonText.quote(profile.frameClass(f), out);
            out.write(",\"method\":");
            JsonText.quote(profile.frameMethod(f), out);
            out.write(",\"file\":");
            JsonText.quote(profile.frameFile(f), out);
            out.write(",\"line\":" + profile.frameLine(f) + ",\"kind\":\"" + label(profile.frameKind(f)) + "\"}");
        }
        out.write("],\n");

        out.write("\"stacks\":{\"parent\":[");
        for (int s = 0; s < profile.stackCount(); s++) number(out, s, profile.stackParent(s));
        out.write("],\"frame\":[");
        for (int s = 0; s < profile.stackCount(); s++) number(out, s, profile.stackFrame(s));
        out.write("]},\n");

        out.write("\"threads\":[");
        for (int t = 0; t < profile.threadCount(); t++) {
            out.write(t == 0 ? "{\"name\":" : ",{\"name\":");
            JsonText.quote(profile.threadName(t), out);
            out.write(",\"id\":" + profile.threadId(t) + "}");
        }
        out.write("],\n");

        out.write("\"states\":[");
        for (ThreadState state : ThreadState.values()) {
            out.write((state.ordinal() == 0 ? "\"" : ",\"") + state.label() + "\"");
        }
        out.write("],\n");

        int samples = profile.sampleCount();
        out.write("\"samples\":{\"stack\":[");
        for (int s = 0; s < samples; s++) number(out, s, profile.sampleStack(s));
        out.write("],\n\"thread\":[");
        for (int s = 0; s < samples; s++) number(out, s, profile.sampleThread(s));
        out.write("],\n\"state\":[");
        for (int s = 0; s < samples; s++) number(out, s, profile.sampleState(s).ordinal());
        if (profile.hasTimes()) {
            out.write("],\n\"time\":[");
            for (int s = 0; s < samples; s++) number(out, s, profile.sampleTime(s));
        }
        out.write("],\n\"values\":[");
        for (int v = 0; v < profile.valueTypes().size(); v++) {
            out.write(v == 0 ? "[" : ",\n[");
            for (int s = 0; s < samples; s++) number(out, s, profile.value(v, s));
            out.write("]");
        }
        out.write("]}");
        if (CallStats.applies(profile)) writeMethods(CallStats.of(profile), out);
        out.write("}\n");
    }

    /** A trace's per-method statistics, beside the call tree that stacks and samples hold. */
    private static void writeMethods(CallStats stats, Writer out) throws IOException {
        out.write(",\n\"methods\":[");
        String separator = "\n";
        for (CallStats.Row row : stats.sorted(CallStats.Sort.CUMTIME)) {
            out.write(separator + "{\"name\":");
            JsonText.quote(row.name(), out);
            out.write(",\"calls\":" + row.calls() + ",\"primitiveCalls\":" + row.primitiveCalls()
                    + ",\"selfNanos\":" + row.selfNanos() + ",\"totalNanos\":" + row.totalNanos()
                    + ",\"frame\":" + row.frame() + "}");
            separator = ",\n";
        }
        out.write("]");
    }

    private static void number(Writer out, int index, long value) throws IOException {
        if (index > 0) out.write(',');
        out.write(Long.toString(value));
    }

    /** The name of a unit in the file: "samples", "nanoseconds", "bytes", "calls". */
    public static String label(Unit unit) {
        return unit.name().toLowerCase(Locale.ROOT);
    }

    /** The name of a frame kind in the file: "interpreted", "compiled", ... */
    public static String label(FrameKind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }
}
