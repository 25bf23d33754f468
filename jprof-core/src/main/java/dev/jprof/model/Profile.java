package dev.jprof.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable profile in columnar tables, each row referring to others by index (as pprof's
 * profile.proto and the Firefox Profiler's processed format do).
 *
 * <ul>
 *   <li>strings: interned text; index 0 is the empty string</li>
 *   <li>frames: class, method, file (string ids), line (0 when unknown), kind</li>
 *   <li>stacks: nodes of a prefix tree; parent stack id (-1 at a root) and frame id</li>
 *   <li>threads: name and id</li>
 *   <li>samples: stack id, thread (-1 when unknown), state, time (-1 when unknown), one value per value type</li>
 * </ul>
 *
 * Build one with {@link ProfileBuilder}.
 */
public final class Profile {
    public static final long NO_TIME = -1;
    public static final int NO_THREAD = -1;
    public static final int ROOT = -1;

    private final String[] strings;
    private final int[] frameClass;
    private final int[] frameMethod;
    private final int[] frameFile;
    private final int[] frameLine;
    private final byte[] frameKind;
    private final int[] stackParent;
    private final int[] stackFrame;
    private final int[] stackDepth;
    private final String[] threadNames;
    private final long[] threadIds;
    private final int[] sampleStack;
    private final int[] sampleThread;
    private final byte[] sampleState;
    private final long[] sampleTime;
    private final long[][] values;
    private final List<ValueType> valueTypes;
    private final Map<String, String> attributes;
    private final List<String> warnings;

    Profile(String[] strings, int[] frameClass, int[] frameMethod, int[] frameFile, int[] frameLine,
            byte[] frameKind, int[] stackParent, int[] stackFrame, String[] threadNames, long[] threadIds,
            int[] sampleStack, int[] sampleThread, byte[] sampleState, long[] sampleTime, long[][] values,
            List<ValueType> valueTypes, Map<String, String> attributes, List<String> warnings) {
        this.strings = strings;
        this.frameClass = frameClass;
        this.frameMethod = frameMethod;
        this.frameFile = frameFile;
        this.frameLine = frameLine;
        this.frameKind = frameKind;
        this.stackParent = stackParent;
        this.stackFrame = stackFrame;
        this.stackDepth = new int[stackParent.length];
        for (int s = 0; s < stackParent.length; s++) {
            // parents are always created before their children
            stackDepth[s] = stackParent[s] == ROOT ? 1 : stackDepth[stackParent[s]] + 1;
        }
        this.threadNames = threadNames;
        this.threadIds = threadIds;
        this.sampleStack = sampleStack;
        this.sampleThread = sampleThread;
        this.sampleState = sampleState;
        this.sampleTime = sampleTime;
        this.values = values;
        this.valueTypes = List.copyOf(valueTypes);
        this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        this.warnings = List.copyOf(warnings);
    }

    // ---- strings

    public int stringCount() {
        return strings.length;
    }

    public String string(int id) {
        return strings[id];
    }

    // ---- frames

    public int frameCount() {
        return frameClass.length;
    }

    public String frameClass(int frame) {
        return strings[frameClass[frame]];
    }

    public String frameMethod(int frame) {
        return strings[frameMethod[frame]];
    }

    public String frameFile(int frame) {
        return strings[frameFile[frame]];
    }

    public int frameLine(int frame) {
        return frameLine[frame];
    }

    public FrameKind frameKind(int frame) {
        return FrameKind.of(frameKind[frame]);
    }

    /** {@code com.example.Foo.bar}, or the bare method text when the frame has no class. */
    public String frameName(int frame) {
        String cls = frameClass(frame);
        String method = frameMethod(frame);
        return cls.isEmpty() ? method : cls + "." + method;
    }

    // ---- stacks

    public int stackCount() {
        return stackParent.length;
    }

    public int stackParent(int stack) {
        return stackParent[stack];
    }

    public int stackFrame(int stack) {
        return stackFrame[stack];
    }

    /** Number of frames on the path from the root to this stack node, inclusive. */
    public int stackDepth(int stack) {
        return stackDepth[stack];
    }

    /** Frame ids of a stack, root first. */
    public int[] stackFrames(int stack) {
        int[] frames = new int[stackDepth[stack]];
        for (int s = stack, i = frames.length - 1; s != ROOT; s = stackParent[s], i--) {
            frames[i] = stackFrame[s];
        }
        return frames;
    }

    // ---- threads

    public int threadCount() {
        return threadNames.length;
    }

    public String threadName(int thread) {
        return threadNames[thread];
    }

    public long threadId(int thread) {
        return threadIds[thread];
    }

    // ---- samples

    public int sampleCount() {
        return sampleStack.length;
    }

    public int sampleStack(int sample) {
        return sampleStack[sample];
    }

    public int sampleThread(int sample) {
        return sampleThread[sample];
    }

    public ThreadState sampleState(int sample) {
        return ThreadState.of(sampleState[sample]);
    }

    /** Epoch nanoseconds, or {@link #NO_TIME}. */
    public long sampleTime(int sample) {
        return sampleTime[sample];
    }

    public boolean hasTimes() {
        for (long t : sampleTime) {
            if (t != NO_TIME) return true;
        }
        return false;
    }

    public long value(int valueType, int sample) {
        return values[valueType][sample];
    }

    public long total(int valueType) {
        long sum = 0;
        for (long v : values[valueType]) sum += v;
        return sum;
    }

    public List<ValueType> valueTypes() {
        return valueTypes;
    }

    /** Index of the value type with this name, or -1. */
    public int valueTypeIndex(String name) {
        for (int i = 0; i < valueTypes.size(); i++) {
            if (valueTypes.get(i).name().equals(name)) return i;
        }
        return -1;
    }

    // ---- about the recording

    /** Facts about how the profile was taken: see {@link Attributes} for the well-known keys. */
    public Map<String, String> attributes() {
        return attributes;
    }

    public String attribute(String key) {
        return attributes.get(key);
    }

    /** Things the user must know to read the profile right (for example, inlined frames folded into callers). */
    public List<String> warnings() {
        return warnings;
    }

    /** The same profile with more attributes (replacing equal keys) and warnings; the tables are shared. */
    public Profile annotate(Map<String, String> moreAttributes, List<String> moreWarnings) {
        Map<String, String> allAttributes = new LinkedHashMap<>(attributes);
        allAttributes.putAll(moreAttributes);
        List<String> allWarnings = new java.util.ArrayList<>(warnings);
        for (String w : moreWarnings) {
            if (!allWarnings.contains(w)) allWarnings.add(w);
        }
        return new Profile(strings, frameClass, frameMethod, frameFile, frameLine, frameKind, stackParent, stackFrame,
                threadNames, threadIds, sampleStack, sampleThread, sampleState, sampleTime, values, valueTypes,
                allAttributes, allWarnings);
    }

    @Override
    public String toString() {
        return "Profile[" + sampleCount() + " samples, " + stackCount() + " stacks, " + frameCount() + " frames, "
                + threadCount() + " threads, values " + valueTypes + "]";
    }
}
