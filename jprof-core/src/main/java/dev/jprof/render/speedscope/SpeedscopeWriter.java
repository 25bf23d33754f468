package dev.jprof.render.speedscope;

import dev.jprof.model.Attributes;
import dev.jprof.model.Profile;
import dev.jprof.model.Unit;
import dev.jprof.model.ValueType;
import dev.jprof.render.RenderOptions;
import dev.jprof.render.Renderer;
import dev.jprof.render.json.JsonText;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * speedscope's file format (https://www.speedscope.app/file-format-schema.json): shared frames and
 * one sampled profile per thread (or one for all when the profile has no threads), stacks root first,
 * weighted by the chosen value, in time order when samples have times.
 */
public final class SpeedscopeWriter implements Renderer {
    private static final String SCHEMA = "https://www.speedscope.app/file-format-schema.json";

    @Override
    public void render(Profile profile, RenderOptions options, OutputStream out) throws IOException {
        int valueIndex = options.valueIndex(profile);
        ValueType type = profile.valueTypes().get(valueIndex);
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        String title = options.title() != null ? options.title()
                : profile.attribute(Attributes.TITLE) != null ? profile.attribute(Attributes.TITLE) : "jprof";
        w.write("{\"$schema\":\"" + SCHEMA + "\",\"exporter\":\"jprof\",\"name\":");
        JsonText.quote(title, w);
        w.write(",\"activeProfileIndex\":0,\"shared\":{\"frames\":[");
        for (int f = 0; f < profile.frameCount(); f++) {
            if (f > 0) w.write(',');
            w.write("{\"name\":");
            JsonText.quote(profile.frameName(f), w);
            String file = profile.frameFile(f);
            if (file != null && !file.isEmpty()) {
                w.write(",\"file\":");
                JsonText.quote(file, w);
            }
            if (profile.frameLine(f) > 0) w.write(",\"line\":" + profile.frameLine(f));
            w.write('}');
        }
        w.write("]},\"profiles\":[");
        boolean first = true;
        for (Map.Entry<Integer, List<Integer>> thread : samplesByThread(profile).entrySet()) {
            List<Integer> samples = thread.getValue();
            long total = 0;
            for (int s : samples) total += profile.value(valueIndex, s);
            if (total == 0) continue;
            if (!first) w.write(',');
            first = false;
            String name = thread.getKey() == Profile.NO_THREAD ? title
                    : profile.threadName(thread.getKey()) + " (" + profile.threadId(thread.getKey()) + ")";
            w.write("{\"type\":\"sampled\",\"name\":");
            JsonText.quote(name, w);
            w.write(",\"unit\":\"" + unit(type.unit()) + "\",\"startValue\":0,\"endValue\":" + total + ",\"samples\":[");
            boolean firstSample = true;
            for (int s : samples) {
                if (profile.value(valueIndex, s) == 0) continue;
                if (!firstSample) w.write(',');
                firstSample = false;
                w.write('[');
                int[] frames = profile.stackFrames(profile.sampleStack(s));
                for (int i = 0; i < frames.length; i++) {
                    if (i > 0) w.write(',');
                    w.write(Integer.toString(frames[i]));
                }
                w.write(']');
            }
            w.write("],\"weights\":[");
            firstSample = true;
            for (int s : samples) {
                long value = profile.value(valueIndex, s);
                if (value == 0) continue;
                if (!firstSample) w.write(',');
                firstSample = false;
                w.write(Long.toString(value));
            }
            w.write("]}");
        }
        w.write("]}\n");
        w.flush();
    }

    private static String unit(Unit unit) {
        return switch (unit) {
            case NANOSECONDS -> "nanoseconds";
            case BYTES -> "bytes";
            case SAMPLES, CALLS -> "none";
        };
    }

    /** Sample indexes per thread, threads by id, samples in time order when they have times. */
    private static Map<Integer, List<Integer>> samplesByThread(Profile profile) {
        List<Integer> order = new ArrayList<>(profile.sampleCount());
        for (int s = 0; s < profile.sampleCount(); s++) order.add(s);
        if (profile.hasTimes()) order.sort((a, b) -> Long.compare(profile.sampleTime(a), profile.sampleTime(b)));
        Map<Integer, List<Integer>> byThread = new LinkedHashMap<>();
        List<Integer> threads = new ArrayList<>();
        for (int t = 0; t < profile.threadCount(); t++) threads.add(t);
        threads.sort((a, b) -> Long.compare(profile.threadId(a), profile.threadId(b)));
        for (int t : threads) byThread.put(t, new ArrayList<>());
        for (int s : order) byThread.computeIfAbsent(profile.sampleThread(s), k -> new ArrayList<>()).add(s);
        return byThread;
    }
}
