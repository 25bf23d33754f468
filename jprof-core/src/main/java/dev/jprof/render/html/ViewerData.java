package dev.jprof.render.html;

import dev.jprof.model.Profile;
import dev.jprof.model.ThreadState;
import dev.jprof.model.ValueType;
import dev.jprof.render.json.JsonText;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The profile as the viewer reads it: compact JSON that model.js decodes. Fields:
 * <ul>
 *   <li>{@code title}, {@code warnings}, {@code attributes}; {@code values}: [{name, unit}] per value column;
 *   {@code main}: the column drawn; {@code baseline}: the column a differential page compares with, or -1</li>
 *   <li>{@code categories}: labels of {@link FrameCategory}</li>
 *   <li>{@code names}: frame names sorted and front-coded: each entry is a {@link VarintText} number (characters
 *   shared with the previous name) followed by the rest of the name</li>
 *   <li>{@code frames}: numbers, a (name, category) pair per frame, most used frames first</li>
 *   <li>{@code nodes}: the call tree in pre-order, siblings sorted by name, without the root (node 0, "all"):
 *   per node {@code frame * 4 + min(up, 3)} and, when up is 3 or more, {@code up - 3}; up is how many levels
 *   the node is above the previous node's child (0 = child of the previous node)</li>
 *   <li>{@code threads}: thread names; {@code states}: state labels when samples carry states, else []</li>
 *   <li>{@code samples}: rows of samples summed per time bucket, node, thread and state, in that order;
 *   {@code count}; {@code node}: zigzag-encoded difference from the previous row's node; {@code thread}:
 *   thread + 1 (0 = none); {@code state}; {@code time} (when samples have times): the row's time bucket as a
 *   difference from the previous row's, a bucket being {@code timeScale} microseconds from {@code t0} (epoch
 *   microseconds), the last sample {@code span} microseconds after the first; {@code values}: per value column, zigzag-encoded differences from the previous row's value.</li>
 * </ul>
 */
final class ViewerData {
    /** Sample times are kept to 1/TIME_BUCKETS of the recording, fine enough for the timeline and its ranges. */
    static final int TIME_BUCKETS = 4000;
    private final Profile profile;
    private final FrameCategory.Classifier classifier;
    private final Map<String, Integer> displayFrames = new HashMap<>();
    private final List<String> frameNames = new ArrayList<>();
    private final List<FrameCategory> frameCategories = new ArrayList<>();
    private int[] nodeParent = new int[1024];
    private int[] nodeFrame = new int[1024];
    private int nodeCount = 1;
    private final Map<Long, Integer> nodeIds = new HashMap<>();

    private ViewerData(Profile profile) {
        this.profile = profile;
        this.classifier = new FrameCategory.Classifier(profile);
        nodeParent[0] = -1;
        nodeFrame[0] = -1;
    }

    static String of(Profile profile, int main, int baseline, String title) {
        return new ViewerData(profile).json(main, baseline, title);
    }

    private String json(int main, int baseline, String title) {
        int[] profileFrameToDisplay = new int[profile.frameCount()];
        for (int f = 0; f < profileFrameToDisplay.length; f++) profileFrameToDisplay[f] = displayFrame(f);
        int[] stackNode = new int[profile.stackCount()];
        for (int s = 0; s < stackNode.length; s++) {
            int parent = profile.stackParent(s);
            stackNode[s] = node(parent == Profile.ROOT ? 0 : stackNode[parent], profileFrameToDisplay[profile.stackFrame(s)]);
        }
        boolean[] used = new boolean[nodeCount];
        used[0] = true;
        for (int i = 0; i < profile.sampleCount(); i++) used[stackNode[profile.sampleStack(i)]] = true;
        for (int n = nodeCount - 1; n > 0; n--) {
            if (used[n]) used[nodeParent[n]] = true;
        }

        int[] order = preOrder(used);
        int[] newId = new int[nodeCount];
        for (int i = 0; i < order.length; i++) newId[order[i]] = i;
        int[] frameUse = new int[frameNames.size()];
        for (int i = 1; i < order.length; i++) frameUse[nodeFrame[order[i]]]++;
        Integer[] byUse = new Integer[frameUse.length];
        for (int i = 0; i < byUse.length; i++) byUse[i] = i;
        Arrays.sort(byUse, Comparator.comparingInt((Integer f) -> -frameUse[f]).thenComparing(f -> f));
        int[] frameId = new int[frameUse.length];
        for (int i = 0; i < byUse.length; i++) frameId[byUse[i]] = i;

        StringBuilder json = new StringBuilder(1 << 16);
        json.append("{\"version\":1,\"title\":").append(JsonText.quote(title));
        json.append(",\n\"values\":[");
        for (int v = 0; v < profile.valueTypes().size(); v++) {
            json.append(v == 0 ? "" : ",").append(valueTypeJson(profile.valueTypes().get(v)));
        }
        json.append("],\"main\":").append(main).append(",\"baseline\":").append(baseline);
        json.append(",\n\"attributes\":{");
        boolean first = true;
        for (Map.Entry<String, String> e : profile.attributes().entrySet()) {
            json.append(first ? "" : ",").append(JsonText.quote(e.getKey())).append(':').append(JsonText.quote(e.getValue()));
            first = false;
        }
        json.append("},\n\"warnings\":");
        stringArray(json, profile.warnings());
        json.append(",\n\"categories\":");
        stringArray(json, Arrays.stream(FrameCategory.values()).map(FrameCategory::label).toList());
        appendNamesAndFrames(json, byUse);
        json.append(",\n\"nodes\":").append(nodesText(order, frameId).json());
        appendSamples(json, stackNode, newId);
        json.append("}");
        return json.toString();
    }

    private int displayFrame(int frame) {
        int line = profile.frameLine(frame);
        String name = line > 0 ? profile.frameName(frame) + ":" + line : profile.frameName(frame);
        FrameCategory category = classifier.of(profile.frameKind(frame), profile.frameClass(frame));
        return displayFrames.computeIfAbsent(name + '\0' + category.ordinal(), k -> {
            frameNames.add(name);
            frameCategories.add(category);
            return frameNames.size() - 1;
        });
    }

    private int node(int parent, int frame) {
        long key = ((long) parent << 32) | frame;
        Integer id = nodeIds.get(key);
        if (id != null) return id;
        if (nodeCount == nodeParent.length) {
            nodeParent = Arrays.copyOf(nodeParent, nodeCount * 2);
            nodeFrame = Arrays.copyOf(nodeFrame, nodeCount * 2);
        }
        nodeParent[nodeCount] = parent;
        nodeFrame[nodeCount] = frame;
        nodeIds.put(key, nodeCount);
        return nodeCount++;
    }

    /** Used nodes in pre-order, the root first, siblings sorted by name then category. */
    private int[] preOrder(boolean[] used) {
        int[] childCount = new int[nodeCount + 1];
        for (int n = 1; n < nodeCount; n++) {
            if (used[n]) childCount[nodeParent[n] + 1]++;
        }
        for (int i = 1; i <= nodeCount; i++) childCount[i] += childCount[i - 1];
        int[] start = Arrays.copyOf(childCount, nodeCount + 1);
        Integer[] children = new Integer[childCount[nodeCount]];
        int[] fill = Arrays.copyOf(start, nodeCount);
        for (int n = 1; n < nodeCount; n++) {
            if (used[n]) children[fill[nodeParent[n]]++] = n;
        }
        Comparator<Integer> byName = Comparator.comparing((Integer n) -> frameNames.get(nodeFrame[n]))
                .thenComparing(n -> frameCategories.get(nodeFrame[n]));
        for (int n = 0; n < nodeCount; n++) {
            if (start[n + 1] - start[n] > 1) Arrays.sort(children, start[n], start[n + 1], byName);
        }
        int[] order = new int[children.length + 1];
        int count = 0;
        int[] stack = new int[children.length + 1];
        int top = 0;
        stack[top++] = 0;
        while (top > 0) {
            int n = stack[--top];
            order[count++] = n;
            for (int i = start[n + 1] - 1; i >= start[n]; i--) stack[top++] = children[i];
        }
        return order;
    }

    private void appendNamesAndFrames(StringBuilder json, Integer[] byUse) {
        Integer[] sorted = new Integer[frameNames.size()];
        for (int i = 0; i < sorted.length; i++) sorted[i] = i;
        Arrays.sort(sorted, Comparator.comparing(frameNames::get));
        Map<String, Integer> nameIds = new HashMap<>();
        json.append(",\n\"names\":[");
        String previous = "";
        for (Integer f : sorted) {
            String name = frameNames.get(f);
            if (nameIds.containsKey(name)) continue;
            int shared = 0;
            int max = Math.min(name.length(), previous.length());
            while (shared < max && name.charAt(shared) == previous.charAt(shared)) shared++;
            // never split a surrogate pair between the shared part and the rest
            if (shared > 0 && Character.isHighSurrogate(name.charAt(shared - 1))) shared--;
            json.append(nameIds.isEmpty() ? "" : ",").append(JsonText.quote(VarintText.encode(shared) + name.substring(shared)));
            nameIds.put(name, nameIds.size());
            previous = name;
        }
        json.append("]");
        VarintText frames = new VarintText();
        for (Integer f : byUse) frames.add(nameIds.get(frameNames.get(f))).add(frameCategories.get(f).ordinal());
        json.append(",\n\"frames\":").append(frames.json());
    }

    private VarintText nodesText(int[] order, int[] frameId) {
        int[] depth = new int[nodeCount];
        VarintText nodes = new VarintText();
        int previousDepth = 0;
        for (int i = 1; i < order.length; i++) {
            int n = order[i];
            depth[n] = depth[nodeParent[n]] + 1;
            int up = previousDepth + 1 - depth[n];
            nodes.add((long) frameId[nodeFrame[n]] * 4 + Math.min(up, 3));
            if (up >= 3) nodes.add(up - 3);
            previousDepth = depth[n];
        }
        return nodes;
    }

    private void appendSamples(StringBuilder json, int[] stackNode, int[] newId) {
        int values = profile.valueTypes().size();
        int sampleCount = profile.sampleCount();
        boolean hasStates = false;
        for (int i = 0; i < sampleCount && !hasStates; i++) hasStates = profile.sampleState(i) != ThreadState.UNKNOWN;
        boolean hasTimes = profile.hasTimes();
        List<String> threads = new ArrayList<>();
        for (int t = 0; t < profile.threadCount(); t++) threads.add(profile.threadName(t));
        json.append(",\n\"threads\":");
        stringArray(json, threads);
        json.append(",\n\"states\":");
        stringArray(json, hasStates ? Arrays.stream(ThreadState.values()).map(ThreadState::label).toList() : List.of());

        long t0 = Long.MAX_VALUE;
        long t1 = Long.MIN_VALUE;
        if (hasTimes) {
            for (int i = 0; i < sampleCount; i++) {
                long t = profile.sampleTime(i);
                if (t == Profile.NO_TIME) continue;
                t0 = Math.min(t0, t / 1000);
                t1 = Math.max(t1, t / 1000);
            }
        }
        long timeScale = hasTimes ? Math.max(1, (t1 - t0) / TIME_BUCKETS) : 1;

        // one row per (time bucket, node, thread, state), values summed; the key orders rows that way
        long threadSlots = profile.threadCount() + 1L;
        int stateSlots = ThreadState.values().length;
        long nodeSlots = nodeCount;
        long[] keys = new long[sampleCount];
        for (int i = 0; i < sampleCount; i++) {
            long bucket = 0;
            if (hasTimes) {
                long t = profile.sampleTime(i);
                bucket = t == Profile.NO_TIME ? 0 : (t / 1000 - t0) / timeScale;
            }
            int node = newId[stackNode[profile.sampleStack(i)]];
            keys[i] = ((bucket * nodeSlots + node) * threadSlots + profile.sampleThread(i) + 1) * stateSlots
                    + profile.sampleState(i).ordinal();
        }
        long[] rows = keys.clone();
        Arrays.sort(rows);
        int rowCount = 0;
        for (int i = 0; i < rows.length; i++) {
            if (i == 0 || rows[i] != rows[rowCount - 1]) rows[rowCount++] = rows[i];
        }
        long[][] sums = new long[values][rowCount];
        for (int i = 0; i < sampleCount; i++) {
            int row = Arrays.binarySearch(rows, 0, rowCount, keys[i]);
            for (int v = 0; v < values; v++) sums[v][row] += profile.value(v, i);
        }

        VarintText node = new VarintText();
        VarintText thread = new VarintText();
        VarintText state = new VarintText();
        VarintText time = new VarintText();
        VarintText[] valueTexts = new VarintText[values];
        for (int v = 0; v < values; v++) valueTexts[v] = new VarintText();
        long previousNode = 0;
        long previousBucket = 0;
        long[] previousValue = new long[values];
        for (int r = 0; r < rowCount; r++) {
            long key = rows[r];
            int stateOrdinal = (int) (key % stateSlots);
            key /= stateSlots;
            long threadPlusOne = key % threadSlots;
            key /= threadSlots;
            long n = key % nodeSlots;
            long bucket = key / nodeSlots;
            node.addSigned(n - previousNode);
            previousNode = n;
            thread.add(threadPlusOne);
            if (hasStates) state.add(stateOrdinal);
            if (hasTimes) {
                time.add(bucket - previousBucket);
                previousBucket = bucket;
            }
            for (int v = 0; v < values; v++) {
                valueTexts[v].addSigned(sums[v][r] - previousValue[v]);
                previousValue[v] = sums[v][r];
            }
        }
        json.append(",\n\"samples\":{\"count\":").append(rowCount);
        json.append(",\n\"node\":").append(node.json());
        json.append(",\n\"thread\":").append(profile.threadCount() > 0 ? thread.json() : "\"\"");
        json.append(",\n\"state\":").append(hasStates ? state.json() : "\"\"");
        json.append(",\n\"t0\":").append(hasTimes ? t0 : -1).append(",\"timeScale\":").append(timeScale)
                .append(",\"span\":").append(hasTimes ? t1 - t0 : 0);
        json.append(",\n\"time\":").append(hasTimes ? time.json() : "\"\"");
        json.append(",\n\"values\":[");
        for (int v = 0; v < values; v++) json.append(v == 0 ? "" : ",\n").append(valueTexts[v].json());
        json.append("]}");
    }

    private static String valueTypeJson(ValueType type) {
        return "{\"name\":" + JsonText.quote(type.name()) + ",\"unit\":\"" + type.unit().symbol() + "\"}";
    }

    private static void stringArray(StringBuilder json, List<String> strings) {
        json.append('[');
        for (int i = 0; i < strings.size(); i++) json.append(i == 0 ? "" : ",").append(JsonText.quote(strings.get(i)));
        json.append(']');
    }
}
