package dev.jprof.render.text;

import dev.jprof.model.Profile;
import dev.jprof.render.RenderOptions;
import dev.jprof.render.Renderer;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Brendan Gregg's folded stacks: one "root;...;leaf count" line per distinct stack, sorted, with
 * the value type chosen in the options as count. A frame with a line is written "name:42".
 */
public final class CollapsedWriter implements Renderer {
    @Override
    public void render(Profile profile, RenderOptions options, OutputStream out) throws IOException {
        int valueIndex = options.valueIndex(profile);
        long[] perStack = new long[profile.stackCount()];
        for (int s = 0; s < profile.sampleCount(); s++) perStack[profile.sampleStack(s)] += profile.value(valueIndex, s);

        String[] frameText = new String[profile.frameCount()];
        Map<String, Long> lines = new TreeMap<>();
        StringBuilder line = new StringBuilder();
        for (int stack = 0; stack < perStack.length; stack++) {
            if (perStack[stack] == 0) continue;
            line.setLength(0);
            for (int frame : profile.stackFrames(stack)) {
                if (frameText[frame] == null) frameText[frame] = frameText(profile, frame);
                if (line.length() > 0) line.append(';');
                line.append(frameText[frame]);
            }
            lines.merge(line.toString(), perStack[stack], Long::sum);
        }

        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        for (Map.Entry<String, Long> entry : lines.entrySet()) {
            if (entry.getValue() == 0) continue;
            writer.write(entry.getKey());
            writer.write(' ');
            writer.write(Long.toString(entry.getValue()));
            writer.write('\n');
        }
        writer.flush();
    }

    /** A frame as one folded-stack element: its name, ":line" when known, without ';' or line breaks. */
    public static String frameText(Profile profile, int frame) {
        String name = safe(profile.frameName(frame));
        int line = profile.frameLine(frame);
        return line > 0 ? name + ":" + line : name;
    }

    private static String safe(String name) {
        StringBuilder text = null;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            char replacement = c == ';' ? ',' : c < ' ' || c == '\u2028' || c == '\u2029' || c == '\u0085' ? ' ' : c;
            if (replacement != c && text == null) text = new StringBuilder(name.substring(0, i));
            if (text != null) text.append(replacement);
        }
        return text == null ? name : text.toString();
    }
}
