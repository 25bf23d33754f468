package dev.jprof.transform;

import dev.jprof.model.FrameKind;
import dev.jprof.model.Profile;
import dev.jprof.model.ProfileBuilder;
import dev.jprof.model.ThreadState;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How to look at a profile: which samples to keep and how to name frames. {@link #apply} turns a
 * profile into the profile a report draws.
 *
 * @param threads      put the thread as a synthetic root frame "[name]" under each stack
 *                     ("[unknown thread]" for samples without a thread)
 * @param include      keep only samples with a frame whose full name (class.method) matches one of
 *                     these (find, not full match); empty = keep all
 * @param exclude      drop samples with a frame whose full name matches one of these
 * @param lines        keep line numbers; when false, frames that differ only by line become one
 * @param simple       class names without their package: {@code com.example.Foo$Bar} becomes {@code Foo$Bar}
 * @param states       keep only samples in these thread states; null = all
 * @param threadFilter keep only samples whose thread name matches (find); null = all. A sample
 *                     without a thread is matched as the empty name.
 * @param nativeCode   keep the frames of native libraries, the JVM and the kernel; when false, those
 *                     above a stack's last Java frame give their time to that frame (the native method,
 *                     the allocating method), as a Java-only profiler shows it, and a stack without any
 *                     Java frame (the JVM's own threads: JIT compilers, GC) becomes one frame naming
 *                     that work, such as "[JVM: JIT compiler]".
 */
public record View(boolean threads, List<Pattern> include, List<Pattern> exclude, boolean lines, boolean simple,
                   Set<ThreadState> states, Pattern threadFilter, boolean nativeCode) {

    public static final String UNKNOWN_THREAD = "[unknown thread]";

    public View {
        include = include == null ? List.of() : List.copyOf(include);
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
        states = states == null ? null : Set.copyOf(states);
    }

    public static View defaults() {
        return new View(false, List.of(), List.of(), false, false, null, null, false);
    }

    public View withThreads(boolean threads) {
        return new View(threads, include, exclude, lines, simple, states, threadFilter, nativeCode);
    }

    public View withInclude(List<Pattern> include) {
        return new View(threads, include, exclude, lines, simple, states, threadFilter, nativeCode);
    }

    public View withExclude(List<Pattern> exclude) {
        return new View(threads, include, exclude, lines, simple, states, threadFilter, nativeCode);
    }

    public View withLines(boolean lines) {
        return new View(threads, include, exclude, lines, simple, states, threadFilter, nativeCode);
    }

    public View withSimple(boolean simple) {
        return new View(threads, include, exclude, lines, simple, states, threadFilter, nativeCode);
    }

    public View withStates(Set<ThreadState> states) {
        return new View(threads, include, exclude, lines, simple, states, threadFilter, nativeCode);
    }

    public View withThreadFilter(Pattern threadFilter) {
        return new View(threads, include, exclude, lines, simple, states, threadFilter, nativeCode);
    }

    public View withNativeCode(boolean nativeCode) {
        return new View(threads, include, exclude, lines, simple, states, threadFilter, nativeCode);
    }

    /** A new profile with this view's samples and frame names; value types, attributes and warnings are kept. */
    public Profile apply(Profile profile) {
        ProfileBuilder builder = new ProfileBuilder(profile.valueTypes());
        builder.reserveSamples(profile.sampleCount());
        builder.attributes(profile.attributes());
        for (String warning : profile.warnings()) builder.warning(warning);

        boolean[] included = include.isEmpty() ? null : stacksWithFrameMatching(profile, include);
        boolean[] excluded = exclude.isEmpty() ? null : stacksWithFrameMatching(profile, exclude);
        boolean[] threadKept = threadsKept(profile);
        boolean unknownThreadKept = threadFilter == null || threadFilter.matcher("").find();
        int[] javaLeaf = nativeCode ? null : javaLeaves(profile);

        int[] frames = new int[profile.frameCount()];
        Arrays.fill(frames, -1);
        int[] threads = new int[profile.threadCount()];
        Arrays.fill(threads, -1);
        Map<Long, Integer> copies = new HashMap<>();
        Map<String, Integer> methods = new HashMap<>();

        long[] values = new long[profile.valueTypes().size()];
        for (int s = 0; s < profile.sampleCount(); s++) {
            int stack = profile.sampleStack(s);
            int thread = profile.sampleThread(s);
            if (states != null && !states.contains(profile.sampleState(s))) continue;
            if (thread == Profile.NO_THREAD ? !unknownThreadKept : !threadKept[thread]) continue;
            if (included != null && !included[stack]) continue;
            if (excluded != null && excluded[stack]) continue;

            int newThread = Profile.NO_THREAD;
            if (thread != Profile.NO_THREAD) {
                if (threads[thread] < 0) threads[thread] = builder.thread(profile.threadName(thread), profile.threadId(thread));
                newThread = threads[thread];
            }
            int root = Profile.ROOT;
            if (this.threads) {
                String name = thread == Profile.NO_THREAD ? UNKNOWN_THREAD : "[" + profile.threadName(thread) + "]";
                root = builder.stack(Profile.ROOT, builder.frame("", name, "", 0, FrameKind.SYNTHETIC));
            }
            int newStack;
            if (javaLeaf != null && javaLeaf[stack] < 0) {
                String threadName = thread == Profile.NO_THREAD ? "" : profile.threadName(thread);
                newStack = builder.stack(root, builder.frame("", JvmWork.of(threadName), "", 0, FrameKind.SYNTHETIC));
            } else {
                newStack = copyStack(profile, javaLeaf == null ? stack : javaLeaf[stack], root, copies, frames, methods, builder);
            }
            for (int v = 0; v < values.length; v++) values[v] = profile.value(v, s);
            builder.sample(newStack, newThread, profile.sampleState(s), profile.sampleTime(s), values);
        }
        return builder.build();
    }

    /**
     * For each stack, the stack without the native, JVM and kernel frames above its last Java frame;
     * -1 for a stack without any Java frame. Parents come before children.
     */
    private static int[] javaLeaves(Profile profile) {
        int n = profile.stackCount();
        int[] leaf = new int[n];
        boolean[] hasJava = new boolean[n];
        for (int s = 0; s < n; s++) {
            int parent = profile.stackParent(s);
            boolean nativeCode = profile.frameKind(profile.stackFrame(s)).isNativeCode();
            boolean javaBelow = parent != Profile.ROOT && hasJava[parent];
            hasJava[s] = javaBelow || !nativeCode;
            leaf[s] = !nativeCode ? s : javaBelow ? leaf[parent] : -1;
        }
        return leaf;
    }

    /** Copies a stack under {@code root}, reusing the stack nodes already copied under that root. */
    private int copyStack(Profile profile, int stack, int root, Map<Long, Integer> copies, int[] frames,
                          Map<String, Integer> methods, ProfileBuilder builder) {
        long rootKey = (long) (root + 1) << 32;
        List<Integer> missing = new ArrayList<>();
        int s = stack;
        Integer copied = null;
        while (s != Profile.ROOT && (copied = copies.get(rootKey | s)) == null) {
            missing.add(s);
            s = profile.stackParent(s);
        }
        int parent = s == Profile.ROOT ? root : copied;
        for (int i = missing.size() - 1; i >= 0; i--) {
            int old = missing.get(i);
            int frame = profile.stackFrame(old);
            if (frames[frame] < 0) frames[frame] = copyFrame(profile, frame, methods, builder);
            parent = builder.stack(parent, frames[frame]);
            copies.put(rootKey | old, parent);
        }
        return parent;
    }

    /**
     * One frame per method (per line with {@code lines}): the same code seen interpreted, compiled and
     * inlined is one node of the tree, drawn with the kind it was first seen with.
     */
    private int copyFrame(Profile profile, int frame, Map<String, Integer> methods, ProfileBuilder builder) {
        String cls = simple ? simpleClassName(profile.frameClass(frame)) : profile.frameClass(frame);
        int line = lines ? profile.frameLine(frame) : 0;
        String key = cls + '\0' + profile.frameMethod(frame) + '\0' + profile.frameFile(frame) + '\0' + line;
        Integer known = methods.get(key);
        if (known != null) return known;
        int copy = builder.frame(cls, profile.frameMethod(frame), profile.frameFile(frame), line, profile.frameKind(frame));
        methods.put(key, copy);
        return copy;
    }

    /** {@code com.example.Foo$Bar} to {@code Foo$Bar}; names without a package are kept. */
    public static String simpleClassName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    private boolean[] threadsKept(Profile profile) {
        boolean[] kept = new boolean[profile.threadCount()];
        for (int t = 0; t < kept.length; t++) {
            kept[t] = threadFilter == null || threadFilter.matcher(profile.threadName(t)).find();
        }
        return kept;
    }

    /** For each stack: whether it, or a caller on its path, has a frame matching one of the patterns. */
    private static boolean[] stacksWithFrameMatching(Profile profile, List<Pattern> patterns) {
        boolean[] frameMatches = new boolean[profile.frameCount()];
        for (int f = 0; f < frameMatches.length; f++) {
            String name = profile.frameName(f);
            for (Pattern pattern : patterns) {
                if (pattern.matcher(name).find()) {
                    frameMatches[f] = true;
                    break;
                }
            }
        }
        boolean[] stackMatches = new boolean[profile.stackCount()];
        for (int s = 0; s < stackMatches.length; s++) {
            int parent = profile.stackParent(s);
            // parents always have smaller ids than their children
            stackMatches[s] = frameMatches[profile.stackFrame(s)] || (parent != Profile.ROOT && stackMatches[parent]);
        }
        return stackMatches;
    }
}
