package dev.jprof.capture.jfr;

import dev.jprof.model.FrameKind;
import dev.jprof.model.Profile;
import dev.jprof.model.ProfileBuilder;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Interns JFR stack traces while a recording is read, before the profile's builder exists (its value
 * types depend on the mode, known only once the whole file is read). The JFR parser hands out the same
 * stack trace object for every event of a chunk that refers to it, so an identity lookup is the fast path.
 */
final class StackInterner {
    private static final Frame TRUNCATED = new Frame("", "[truncated]", 0, FrameKind.SYNTHETIC);

    private record Frame(String cls, String method, int line, FrameKind kind) {
    }

    private final Map<RecordedStackTrace, Integer> byIdentity = new IdentityHashMap<>();
    private final Map<List<Frame>, Integer> byContent = new HashMap<>();
    private final Map<Frame, Frame> frames = new HashMap<>();
    private final List<Frame[]> stacks = new ArrayList<>();
    private ProfileBuilder builder;
    private int[] builderIds;

    int intern(RecordedStackTrace trace) {
        Integer known = byIdentity.get(trace);
        if (known != null) return known;
        List<RecordedFrame> recorded = trace.getFrames();
        int extra = trace.isTruncated() ? 1 : 0;
        Frame[] rootFirst = new Frame[recorded.size() + extra];
        if (extra == 1) rootFirst[0] = TRUNCATED;
        for (int i = 0; i < recorded.size(); i++) {
            rootFirst[rootFirst.length - 1 - i] = frame(recorded.get(i));
        }
        List<Frame> key = Arrays.asList(rootFirst);
        Integer id = byContent.get(key);
        if (id == null) {
            id = stacks.size();
            stacks.add(rootFirst);
            byContent.put(key, id);
        }
        byIdentity.put(trace, id);
        return id;
    }

    private Frame frame(RecordedFrame recorded) {
        RecordedMethod method = recorded.getMethod();
        String cls = method == null || method.getType() == null ? "" : HiddenClassNames.normalize(method.getType().getName());
        String name = method == null ? "[unknown]" : method.getName();
        Frame frame = new Frame(cls, name, Math.max(recorded.getLineNumber(), 0), kind(recorded));
        return frames.computeIfAbsent(frame, f -> f);
    }

    private static FrameKind kind(RecordedFrame frame) {
        String type = frame.getType();
        if (type == null) return FrameKind.UNKNOWN;
        switch (type) {
            case "Interpreted":
                return FrameKind.INTERPRETED;
            case "JIT compiled":
            case "C1 compiled":
            case "C2 compiled":
                return FrameKind.COMPILED;
            case "Inlined":
                return FrameKind.INLINED;
            case "Native":
                return FrameKind.NATIVE;
            default:
                return FrameKind.UNKNOWN;
        }
    }

    void copyInto(ProfileBuilder target) {
        this.builder = target;
        this.builderIds = new int[stacks.size()];
        Arrays.fill(builderIds, Integer.MIN_VALUE);
    }

    /** The builder's stack id for an interned stack; call {@link #copyInto} first. */
    int builderStack(int id) {
        int known = builderIds[id];
        if (known != Integer.MIN_VALUE) return known;
        int stack = Profile.ROOT;
        for (Frame f : stacks.get(id)) {
            stack = builder.stack(stack, builder.frame(f.cls, f.method, "", f.line, f.kind));
        }
        if (stack == Profile.ROOT) stack = builder.stack(Profile.ROOT, StackText.unknownFrame(builder));
        builderIds[id] = stack;
        return stack;
    }
}
