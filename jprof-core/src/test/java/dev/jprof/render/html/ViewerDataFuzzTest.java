package dev.jprof.render.html;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.jprof.capture.ProfileFormatException;
import dev.jprof.capture.json.JsonParser;
import dev.jprof.model.FrameKind;
import dev.jprof.model.Profile;
import dev.jprof.model.ProfileBuilder;
import dev.jprof.model.ThreadState;
import dev.jprof.model.ValueType;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Jazzer: any profile (frame, thread and title text from the fuzzer, any shape of tree, any times and values)
 * becomes viewer data that is valid JSON, cannot end the page's script element, and gives back every frame
 * name exactly.
 */
class ViewerDataFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void encode(FuzzedDataProvider data) throws ProfileFormatException {
        ProfileBuilder builder = new ProfileBuilder(ValueType.SAMPLES, ValueType.WALL_TIME);
        List<Integer> frames = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int frameCount = data.consumeInt(1, 12);
        for (int i = 0; i < frameCount; i++) {
            String cls = data.consumeString(40);
            String method = data.consumeString(60);
            FrameKind kind = data.pickValue(FrameKind.values());
            int frame = builder.frame(cls, method, "", 0, kind);
            frames.add(frame);
            names.add(cls.isEmpty() ? method : cls + "." + method);
        }
        List<Integer> threads = new ArrayList<>();
        int threadCount = data.consumeInt(0, 4);
        for (int i = 0; i < threadCount; i++) threads.add(builder.thread(data.consumeString(30), data.consumeLong()));
        int samples = data.consumeInt(1, 40);
        for (int i = 0; i < samples; i++) {
            int stack = Profile.ROOT;
            int depth = data.consumeInt(1, 8);
            for (int d = 0; d < depth; d++) stack = builder.stack(stack, data.pickValue(frames));
            int thread = threads.isEmpty() || data.consumeBoolean() ? Profile.NO_THREAD : data.pickValue(threads);
            long time = data.consumeBoolean() ? Profile.NO_TIME : data.consumeLong(0, Long.MAX_VALUE / 4);
            builder.sample(stack, thread, data.pickValue(ThreadState.values()), time,
                    data.consumeLong(1, 1_000_000), data.consumeLong(0, Long.MAX_VALUE / 1024));
        }
        String title = data.consumeRemainingAsString();
        String json = ViewerData.of(builder.build(), data.consumeBoolean() ? 0 : 1, -1, title);

        if (json.indexOf('<') >= 0) throw new AssertionError("'<' in viewer data could end its <script> element");
        Map<?, ?> parsed = (Map<?, ?>) JsonParser.parse(json, "viewer data");
        if (!title.equals(parsed.get("title"))) throw new AssertionError("title changed: " + parsed.get("title"));
        Set<String> decoded = new HashSet<>(frontDecoded((List<?>) parsed.get("names")));
        if (!decoded.equals(names)) throw new AssertionError("frame names changed: " + names + " became " + decoded);
    }

    /** The names as model.js reads them: a {@link VarintText} count of characters shared with the previous name, then the rest. */
    private static List<String> frontDecoded(List<?> entries) {
        List<String> names = new ArrayList<>();
        String previous = "";
        for (Object entry : entries) {
            String text = (String) entry;
            int shared = 0;
            int shift = 0;
            int i = 0;
            while (true) {
                char c = text.charAt(i++);
                int more = VarintText.MORE.indexOf(c);
                if (more >= 0) {
                    shared |= more << shift;
                    shift += 5;
                    continue;
                }
                shared |= VarintText.LAST.indexOf(c) << shift;
                break;
            }
            previous = previous.substring(0, shared) + text.substring(i);
            names.add(previous);
        }
        return names;
    }
}
