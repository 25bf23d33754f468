package dev.jprof.capture.jfr;

import dev.jprof.capture.jfr.file.JfrStackTrace;
import dev.jprof.model.FrameKind;
import dev.jprof.model.Profile;
import dev.jprof.model.ProfileBuilder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Interns JFR stack traces while a recording is read, before the profile's builder exists (its value
 * types depend on the mode, known only once the whole file is read).
 *
 * <p>A frame is packed into a long (method index, line, kind) and a stack is the array of its frames,
 * root first, so interning compares numbers, not names. The JFR reader hands out the same trace object
 * for every event of a chunk that refers to it, so an identity lookup is the fast path; method names
 * are resolved once per method and chunk.
 */
final class StackInterner {
    private static final int LINE_BITS = 24;
    private static final FrameKind[] KINDS = FrameKind.values();

    private record Method(String cls, String name) {
    }

    private record Key(long[] frames, int hash) {
        Key(long[] frames) {
            this(frames, Arrays.hashCode(frames));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.hash == hash && Arrays.equals(k.frames, frames);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    private final Map<JfrStackTrace, Integer> byIdentity = new IdentityHashMap<>();
    private final Map<Key, Integer> byContent = new HashMap<>();
    private final Map<Method, Integer> methodIds = new HashMap<>();
    private final List<Method> methods = new ArrayList<>();
    private final Map<String, String> classNames = new HashMap<>();
    private final List<long[]> stacks = new ArrayList<>();
    private Object chunk;
    private LongIntMap chunkMethods = new LongIntMap();
    private final FrameKind[] chunkKinds = new FrameKind[64];
    private final int truncatedMethod = method(new Method("", "[truncated]"));
    private ProfileBuilder builder;
    private int[] builderIds;

    int intern(JfrStackTrace trace) {
        Integer known = byIdentity.get(trace);
        if (known != null) return known;
        if (trace.chunk() != chunk) {
            chunk = trace.chunk();
            chunkMethods = new LongIntMap();
            Arrays.fill(chunkKinds, null);
            byIdentity.clear();
        }
        int depth = trace.depth();
        int extra = trace.truncated() ? 1 : 0;
        long[] rootFirst = new long[depth + extra];
        if (extra == 1) rootFirst[0] = pack(truncatedMethod, 0, FrameKind.SYNTHETIC);
        for (int i = 0; i < depth; i++) {
            rootFirst[rootFirst.length - 1 - i] = pack(chunkMethod(trace, i), trace.line(i), chunkKind(trace, i));
        }
        Key key = new Key(rootFirst);
        Integer id = byContent.get(key);
        if (id == null) {
            id = stacks.size();
            stacks.add(rootFirst);
            byContent.put(key, id);
        }
        byIdentity.put(trace, id);
        return id;
    }

    private FrameKind chunkKind(JfrStackTrace trace, int i) {
        long key = trace.frameTypeKey(i);
        if (key < 0 || key >= chunkKinds.length) return kind(trace.frameType(i));
        FrameKind kind = chunkKinds[(int) key];
        if (kind == null) {
            kind = kind(trace.frameType(i));
            chunkKinds[(int) key] = kind;
        }
        return kind;
    }

    private int chunkMethod(JfrStackTrace trace, int i) {
        long methodKey = trace.methodKey(i);
        int known = chunkMethods.get(methodKey);
        if (known >= 0) return known;
        String raw = trace.className(i);
        String cls = classNames.get(raw);
        if (cls == null) {
            cls = HiddenClassNames.normalize(raw);
            classNames.put(raw, cls);
        }
        int id = method(new Method(cls, trace.methodName(i)));
        chunkMethods.put(methodKey, id);
        return id;
    }

    private int method(Method method) {
        Integer id = methodIds.get(method);
        if (id == null) {
            id = methods.size();
            methods.add(method);
            methodIds.put(method, id);
        }
        return id;
    }

    private static long pack(int method, int line, FrameKind kind) {
        long safeLine = Math.max(0, Math.min(line, (1 << LINE_BITS) - 1));
        return (long) method << 32 | safeLine << 8 | kind.ordinal();
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
        for (long frame : stacks.get(id)) {
            Method m = methods.get((int) (frame >>> 32));
            int line = (int) (frame >>> 8) & ((1 << LINE_BITS) - 1);
            stack = builder.stack(stack, builder.frame(m.cls(), m.name(), "", line, KINDS[(int) (frame & 0xff)]));
        }
        if (stack == Profile.ROOT) stack = builder.stack(Profile.ROOT, StackText.unknownFrame(builder));
        builderIds[id] = stack;
        return stack;
    }
}
