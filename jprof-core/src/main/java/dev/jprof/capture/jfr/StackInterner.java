package dev.jprof.capture.jfr;

import dev.jprof.model.FrameKind;
import dev.jprof.model.Profile;
import dev.jprof.model.ProfileBuilder;
import dev.jprof.capture.jfr.file.JfrStackTrace;

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

    private final Map<JfrStackTrace, Integer> byIdentity = new IdentityHashMap<>();
    private final Map<List<Frame>, Integer> byContent = new HashMap<>();
    private final Map<Frame, Frame> frames = new HashMap<>();
    private final Map<String, String> classNames = new HashMap<>();
    private final List<Frame[]> stacks = new ArrayList<>();
    private ProfileBuilder builder;
    private int[] builderIds;

    int intern(JfrStackTrace trace) {
        Integer known = byIdentity.get(trace);
        if (known != null) return known;
        int depth = trace.depth();
        int extra = trace.truncated() ? 1 : 0;
        Frame[] rootFirst = new Frame[depth + extra];
        if (extra == 1) rootFirst[0] = TRUNCATED;
        for (int i = 0; i < depth; i++) {
            rootFirst[rootFirst.length - 1 - i] = frame(trace, i);
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

    private Frame frame(JfrStackTrace trace, int i) {
        String cls = classNames.computeIfAbsent(trace.className(i), HiddenClassNames::normalize);
        Frame frame = new Frame(cls, trace.methodName(i), Math.max(trace.line(i), 0), kind(trace.frameType(i)));
        return frames.computeIfAbsent(frame, f -> f);
    }

    private static FrameKind kind(String type) {
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
