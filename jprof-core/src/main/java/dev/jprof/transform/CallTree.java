package dev.jprof.transform;

import dev.jprof.model.Profile;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A profile's stacks as a call tree under a virtual root "all", with the self and total of one
 * value type per node (and of every value type on request). Nodes whose total is zero are left out.
 */
public final class CallTree {
    public static final String ROOT_NAME = "all";

    private final Profile profile;
    private final int valueIndex;
    /** [value type][stack id], and the virtual root at index stackCount. */
    private final long[][] self;
    private final long[][] total;
    private final Node root;

    private CallTree(Profile profile, int valueIndex) {
        this.profile = profile;
        this.valueIndex = valueIndex;
        int stacks = profile.stackCount();
        int valueTypes = profile.valueTypes().size();
        self = new long[valueTypes][stacks + 1];
        total = new long[valueTypes][stacks + 1];
        for (int s = 0; s < profile.sampleCount(); s++) {
            int stack = profile.sampleStack(s);
            for (int v = 0; v < valueTypes; v++) self[v][stack] += profile.value(v, s);
        }
        for (int v = 0; v < valueTypes; v++) {
            System.arraycopy(self[v], 0, total[v], 0, stacks);
            // children have larger ids than their parents, so one backward pass sums subtrees
            for (int s = stacks - 1; s >= 0; s--) {
                int parent = profile.stackParent(s);
                total[v][parent == Profile.ROOT ? stacks : parent] += total[v][s];
            }
        }
        root = new Node(this, stacks, Profile.ROOT, null);
        Node[] nodes = new Node[stacks];
        for (int s = 0; s < stacks; s++) {
            if (total[valueIndex][s] == 0) continue;
            int parentStack = profile.stackParent(s);
            Node parent = parentStack == Profile.ROOT ? root : nodes[parentStack];
            if (parent == null) continue;
            Node node = new Node(this, s, profile.stackFrame(s), parent);
            parent.children.add(node);
            nodes[s] = node;
        }
    }

    /** The call tree of {@code profile} measured in value type {@code valueIndex}. */
    public static CallTree of(Profile profile, int valueIndex) {
        if (valueIndex < 0 || valueIndex >= profile.valueTypes().size()) {
            throw new IllegalArgumentException("no value type " + valueIndex + " in " + profile);
        }
        return new CallTree(profile, valueIndex);
    }

    public Profile profile() {
        return profile;
    }

    public int valueIndex() {
        return valueIndex;
    }

    public Node root() {
        return root;
    }

    /** The root's total: every sample's value. */
    public long total() {
        return root.total();
    }

    /** A call-tree node: one frame called through one path. */
    public static final class Node {
        private final CallTree tree;
        private final int index;
        private final int frame;
        private final Node parent;
        private final List<Node> children = new ArrayList<>();

        private Node(CallTree tree, int index, int frame, Node parent) {
            this.tree = tree;
            this.index = index;
            this.frame = frame;
            this.parent = parent;
        }

        public boolean isRoot() {
            return parent == null;
        }

        /** Frame id in the profile; {@link Profile#ROOT} for the virtual root. */
        public int frame() {
            return frame;
        }

        /** Stack id in the profile; {@link Profile#ROOT} for the virtual root. */
        public int stack() {
            return isRoot() ? Profile.ROOT : index;
        }

        /** The frame's full name, or "all" for the root. */
        public String name() {
            return isRoot() ? ROOT_NAME : tree.profile.frameName(frame);
        }

        public Node parent() {
            return parent;
        }

        /** Callees, in stack id order. */
        public List<Node> children() {
            return Collections.unmodifiableList(children);
        }

        /** Value of the samples whose leaf is this node. */
        public long self() {
            return tree.self[tree.valueIndex][index];
        }

        /** Value of the samples passing through this node. */
        public long total() {
            return tree.total[tree.valueIndex][index];
        }

        public long self(int valueType) {
            return tree.self[valueType][index];
        }

        public long total(int valueType) {
            return tree.total[valueType][index];
        }

        @Override
        public String toString() {
            return name() + " " + self() + "/" + total();
        }
    }
}
