package dev.jprof.render.text;

import dev.jprof.model.Profile;
import dev.jprof.model.Unit;
import dev.jprof.model.ValueType;
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
 * valgrind's callgrind format (read by KCacheGrind/QCacheGrind and callgrind_annotate): per method its
 * self cost at its first line, and per callee a call edge with the number of calls and the inclusive
 * cost. The cost is the chosen value (time in nanoseconds for a trace); a profile with calls adds them
 * as the edges' call counts, otherwise each edge counts the samples through it.
 */
public final class CallgrindWriter implements Renderer {
    private record Edge(int caller, int callee) {
    }

    @Override
    public void render(Profile profile, RenderOptions options, OutputStream out) throws IOException {
        int value = options.valueIndex(profile);
        int callsIndex = profile.valueTypeIndex("calls");
        if (callsIndex >= 0 && profile.valueTypes().get(callsIndex).unit() != Unit.CALLS) callsIndex = -1;
        int stacks = profile.stackCount();
        long[] self = new long[stacks];
        long[] calls = new long[stacks];
        for (int s = 0; s < profile.sampleCount(); s++) {
            int stack = profile.sampleStack(s);
            self[stack] += profile.value(value, s);
            calls[stack] += callsIndex >= 0 ? profile.value(callsIndex, s) : 1;
        }
        long[] total = self.clone();
        for (int s = stacks - 1; s >= 0; s--) {
            int parent = profile.stackParent(s);
            if (parent != Profile.ROOT) total[parent] += total[s];
        }
        if (callsIndex < 0) {
            // samples: an edge's "calls" are the samples through it
            long[] through = calls.clone();
            for (int s = stacks - 1; s >= 0; s--) {
                int parent = profile.stackParent(s);
                if (parent != Profile.ROOT) through[parent] += through[s];
            }
            calls = through;
        }

        Map<String, Integer> methodIds = new LinkedHashMap<>();
        int[] methodOfStack = new int[stacks];
        Map<Integer, Integer> frameOfMethod = new LinkedHashMap<>();
        for (int s = 0; s < stacks; s++) {
            int frame = profile.stackFrame(s);
            String name = profile.frameName(frame) + "\u0000" + profile.frameLine(frame);
            Integer id = methodIds.get(name);
            if (id == null) {
                id = methodIds.size();
                methodIds.put(name, id);
                frameOfMethod.put(id, frame);
            }
            methodOfStack[s] = id;
        }
        int methods = methodIds.size();
        long[] methodSelf = new long[methods];
        Map<Integer, Map<Integer, long[]>> edges = new LinkedHashMap<>();
        long all = 0;
        for (int s = 0; s < stacks; s++) {
            int m = methodOfStack[s];
            methodSelf[m] += self[s];
            all += self[s];
            int parent = profile.stackParent(s);
            if (parent == Profile.ROOT) continue;
            long[] edge = edges.computeIfAbsent(methodOfStack[parent], k -> new LinkedHashMap<>()).computeIfAbsent(m, k -> new long[2]);
            edge[0] += calls[s];
            edge[1] += total[s];
        }

        ValueType type = profile.valueTypes().get(value);
        String event = type.unit() == Unit.NANOSECONDS ? "Time" : type.unit() == Unit.CALLS ? "Calls" : "Samples";
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        writer.write("# callgrind format\nversion: 1\ncreator: jprof\n");
        writer.write("cmd: " + oneLine(options.titleFor(profile)) + "\n");
        writer.write("positions: line\n");
        writer.write("event: " + event + " : " + type.name() + " (" + type.unit().symbol() + ")\n");
        writer.write("events: " + event + "\n");
        writer.write("summary: " + all + "\n\n");
        for (int m = 0; m < methods; m++) {
            int frame = frameOfMethod.get(m);
            writer.write("fl=" + file(profile, frame) + "\n");
            writer.write("fn=" + oneLine(profile.frameName(frame)) + "\n");
            int line = Math.max(profile.frameLine(frame), 0);
            writer.write(line + " " + methodSelf[m] + "\n");
            Map<Integer, long[]> callees = edges.get(m);
            if (callees != null) {
                for (Map.Entry<Integer, long[]> callee : callees.entrySet()) {
                    int calleeFrame = frameOfMethod.get(callee.getKey());
                    writer.write("cfl=" + file(profile, calleeFrame) + "\n");
                    writer.write("cfn=" + oneLine(profile.frameName(calleeFrame)) + "\n");
                    writer.write("calls=" + callee.getValue()[0] + " " + Math.max(profile.frameLine(calleeFrame), 0) + "\n");
                    writer.write(line + " " + callee.getValue()[1] + "\n");
                }
            }
            writer.write("\n");
        }
        writer.flush();
    }

    /** The source file as a path from the package ("com/example/Foo.java"), or "???" when unknown. */
    private static String file(Profile profile, int frame) {
        String file = profile.frameFile(frame);
        if (file.isEmpty()) return "???";
        String cls = profile.frameClass(frame);
        int dot = cls.lastIndexOf('.');
        return oneLine(dot < 0 ? file : cls.substring(0, dot).replace('.', '/') + "/" + file);
    }

    private static String oneLine(String text) {
        return OneLineText.of(text);
    }
}
