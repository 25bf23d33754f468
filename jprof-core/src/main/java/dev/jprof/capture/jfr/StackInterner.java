package dev.jprof.capture.jfr;

import dev.jprof.capture.jfr.file.JfrEvent;
import dev.jprof.capture.jfr.file.JfrStackTrace;
import dev.jprof.capture.jfr.file.LongIntMap;
import dev.jprof.model.FrameKind;
import dev.jprof.model.Profile;
import dev.jprof.model.ProfileBuilder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Interns JFR stack traces while a recording is read, before the profile's builder exists (its value
 * types depend on the mode, known only once the whole file is read).
 *
 * <p>A frame is packed into a long (method index, line, kind) and a stack is the array of its frames,
 * root first, so interning compares numbers, not names. Events of a chunk name their trace by a key:
 * a trace is decoded (into one reused object) and interned the first time its key is seen in the chunk;
 * method names are resolved once per method and chunk.
 */
final class StackInterner {
    private static final int LINE_BITS = 24;
    private static final FrameKind[] KINDS = FrameKind.values();

    /** A map key; its equals and hashCode are written out because a record's generated ones cost each JVM ~10 ms to link. */
    private record Method(String cls, String name) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Method m && java.util.Objects.equals(cls, m.cls) && java.util.Objects.equals(name, m.name);
        }

        @Override
        public int hashCode() {
            return 31 * java.util.Objects.hashCode(cls) + java.util.Objects.hashCode(name);
        }
    }

    /** Every distinct stack, packed frames root first, with its hash; a table of ids + 1 finds them by content. */
    private long[][] stacks = new long[1024][];
    private int[] stackHashes = new int[1024];
    private int stackCount;
    private int[] table = new int[2048];

    private final Map<Method, Integer> methodIds = new HashMap<>();
    private final List<Method> methods = new ArrayList<>();
    private final Map<String, String> classNames = new HashMap<>();
    private final JfrStackTrace trace = new JfrStackTrace();
    private long[] frames = new long[64];
    private Object chunk;
    private final ChunkKeys chunkStacks = new ChunkKeys();
    private final ChunkKeys chunkMethods = new ChunkKeys();
    private final FrameKind[] chunkKinds = new FrameKind[64];
    private boolean asyncProfilerChunk;
    private final int truncatedMethod = method(new Method("", "[truncated]"));
    private ProfileBuilder builder;
    private int[] builderIds;
    private LongIntMap builderFrames;

    /** The interned id of the event's stack trace, or -1 when it has none. */
    int intern(JfrEvent event) {
        if (event.chunk() != chunk) {
            chunk = event.chunk();
            chunkStacks.clear();
            chunkMethods.clear();
            Arrays.fill(chunkKinds, null);
            asyncProfilerChunk = JfrFrameTypes.writtenByAsyncProfiler(event);
        }
        long key = event.stackTraceKey();
        if (key < 0) return -1;
        int known = chunkStacks.get(key);
        if (known >= 0) return known;
        if (!event.readStackTrace(trace)) return -1;
        int depth = trace.depth();
        int extra = trace.truncated() ? 1 : 0;
        int n = depth + extra;
        if (frames.length < n) frames = new long[Math.max(n, frames.length * 2)];
        long[] rootFirst = frames;
        if (extra == 1) rootFirst[0] = pack(truncatedMethod, 0, FrameKind.SYNTHETIC);
        for (int i = 0; i < depth; i++) {
            rootFirst[n - 1 - i] = pack(chunkMethod(trace, i), trace.line(i), chunkKind(trace, i));
        }
        int id = stackId(rootFirst, n);
        chunkStacks.put(key, id);
        return id;
    }

    private int stackId(long[] rootFirst, int n) {
        int hash = 1;
        for (int i = 0; i < n; i++) {
            long f = rootFirst[i];
            hash = 31 * hash + (int) (f ^ (f >>> 32));
        }
        int mask = table.length - 1;
        int slot = (hash ^ (hash >>> 16)) & mask;
        for (int entry; (entry = table[slot]) != 0; slot = (slot + 1) & mask) {
            int id = entry - 1;
            long[] stack = stacks[id];
            if (stackHashes[id] == hash && stack.length == n && Arrays.equals(stack, 0, n, rootFirst, 0, n)) return id;
        }
        int id = stackCount++;
        if (id == stacks.length) {
            stacks = Arrays.copyOf(stacks, id * 2);
            stackHashes = Arrays.copyOf(stackHashes, id * 2);
        }
        stacks[id] = Arrays.copyOf(rootFirst, n);
        stackHashes[id] = hash;
        table[slot] = id + 1;
        if (stackCount * 2 > table.length) rehash();
        return id;
    }

    private void rehash() {
        table = new int[table.length * 2];
        int mask = table.length - 1;
        for (int id = 0; id < stackCount; id++) {
            int hash = stackHashes[id];
            int slot = (hash ^ (hash >>> 16)) & mask;
            while (table[slot] != 0) slot = (slot + 1) & mask;
            table[slot] = id + 1;
        }
    }

    /** Takes in another interner's stacks; returns the id here of each of its stack ids. */
    int[] absorb(StackInterner other) {
        int[] methodIds = new int[other.methods.size()];
        for (int i = 0; i < methodIds.length; i++) methodIds[i] = method(other.methods.get(i));
        int[] ids = new int[other.stackCount];
        long[] copy = new long[64];
        for (int id = 0; id < other.stackCount; id++) {
            long[] stack = other.stacks[id];
            if (copy.length < stack.length) copy = new long[stack.length * 2];
            for (int i = 0; i < stack.length; i++) {
                long frame = stack[i];
                copy[i] = (long) methodIds[(int) (frame >>> 32)] << 32 | (frame & 0xffffffffL);
            }
            ids[id] = stackId(copy, stack.length);
        }
        return ids;
    }

    private FrameKind chunkKind(JfrStackTrace trace, int i) {
        long key = trace.frameTypeKey(i);
        if (key < 0 || key >= chunkKinds.length) return JfrFrameTypes.kind(trace.frameType(i), asyncProfilerChunk);
        FrameKind kind = chunkKinds[(int) key];
        if (kind == null) {
            kind = JfrFrameTypes.kind(trace.frameType(i), asyncProfilerChunk);
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

    /** How many frames an interned stack has. */
    int depth(int id) {
        return stacks[id].length;
    }

    boolean hasJavaFrame(int id) {
        for (long frame : stacks[id]) {
            if (!KINDS[(int) (frame & 0xff)].isNativeCode()) return true;
        }
        return false;
    }

    /** Frame {@code i} of an interned stack, counted from its leaf (0). */
    FrameKind kind(int id, int i) {
        long[] stack = stacks[id];
        return KINDS[(int) (stack[stack.length - 1 - i] & 0xff)];
    }

    String className(int id, int i) {
        long[] stack = stacks[id];
        return methods.get((int) (stack[stack.length - 1 - i] >>> 32)).cls();
    }

    String methodName(int id, int i) {
        long[] stack = stacks[id];
        return methods.get((int) (stack[stack.length - 1 - i] >>> 32)).name();
    }

    void copyInto(ProfileBuilder target) {
        this.builder = target;
        this.builderIds = new int[stackCount];
        this.builderFrames = new LongIntMap(methods.size());
        Arrays.fill(builderIds, Integer.MIN_VALUE);
    }

    /** The builder's stack id for an interned stack; call {@link #copyInto} first. */
    int builderStack(int id) {
        int known = builderIds[id];
        if (known != Integer.MIN_VALUE) return known;
        int stack = Profile.ROOT;
        for (long frame : stacks[id]) stack = builder.stack(stack, builderFrame(frame));
        if (stack == Profile.ROOT) stack = builder.stack(Profile.ROOT, StackText.unknownFrame(builder));
        builderIds[id] = stack;
        return stack;
    }

    private int builderFrame(long frame) {
        int known = builderFrames.get(frame);
        if (known >= 0) return known;
        Method m = methods.get((int) (frame >>> 32));
        int line = (int) (frame >>> 8) & ((1 << LINE_BITS) - 1);
        int id = builder.frame(m.cls(), m.name(), "", line, KINDS[(int) (frame & 0xff)]);
        builderFrames.put(frame, id);
        return id;
    }

    /**
     * A chunk's keys (of stack traces, of methods) to interned ids. Small keys index an array: JFR and
     * async-profiler mostly number them from 1 up. Others go to a hash map.
     */
    private static final class ChunkKeys {
        private static final int DENSE_LIMIT = 1 << 20;
        private int[] dense = new int[1024];
        private int denseUsed;
        private LongIntMap sparse = new LongIntMap();

        ChunkKeys() {
            Arrays.fill(dense, -1);
        }

        int get(long key) {
            if (key >= 0 && key < dense.length) return dense[(int) key];
            return key >= 0 && key < DENSE_LIMIT ? -1 : sparse.get(key);
        }

        void put(long key, int id) {
            if (key >= 0 && key < DENSE_LIMIT) {
                if (key >= dense.length) {
                    int size = dense.length;
                    while (size <= key) size *= 2;
                    int old = dense.length;
                    dense = Arrays.copyOf(dense, size);
                    Arrays.fill(dense, old, size, -1);
                }
                dense[(int) key] = id;
                denseUsed = Math.max(denseUsed, (int) key + 1);
            } else {
                sparse.put(key, id);
            }
        }

        void clear() {
            Arrays.fill(dense, 0, denseUsed, -1);
            denseUsed = 0;
            if (sparse.size() > 0) sparse = new LongIntMap();
        }
    }
}
