package dev.jprof.capture.request;

import dev.jprof.model.Attributes;
import dev.jprof.model.FrameKind;
import dev.jprof.model.Profile;
import dev.jprof.model.ProfileBuilder;
import dev.jprof.model.ThreadState;
import dev.jprof.model.ValueType;

import dev.jprof.model.Unit;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Request runs as Profiles. The profile of a group of runs holds two views of the same requests, each as a
 * thread of its own: the stacks sampled on the requests' threads (running samples sharing the thread's CPU time,
 * waits weighted by their length, with their state, and the rest of the wall time as one synthetic frame), and the application's calls the tracer counted exactly (self
 * wall time and calls per call-tree node); and a third, when they ran SQL through JDBC: each statement's text
 * (values elided) under {@link #SQL_ROOT}, with its executions and total time. All in nanoseconds of wall time,
 * beside a calls value.
 */
public final class RequestProfiles {
    public static final String SAMPLED = "sampled";
    public static final String TRACED = "traced";
    public static final String SQL = "sql";
    /** The root frame of the SQL view; each statement's text (values elided) is a frame under it. */
    public static final String SQL_ROOT = "[SQL through JDBC]";
    /** The synthetic frame of wall time not otherwise seen (short waits, waiting for a core). */
    public static final String OFF_CPU = "[off cpu: short waits, or waiting for a core]";

    private RequestProfiles() {
    }

    /** One profile of several groups of runs (the first run apart, say), each group its two threads named "LABEL: sampled", "LABEL: traced". */
    public static Profile of(RequestResults results, List<List<RequestRun>> groups, List<String> labels, String title) {
        ProfileBuilder builder = new ProfileBuilder(ValueType.WALL_TIME, ValueType.CALLS);
        long wall = 0;
        for (int g = 0; g < groups.size(); g++) {
            addSampled(builder, groups.get(g), labels.get(g) + ": " + SAMPLED, -1 - 2L * g);
            addTraced(builder, results, groups.get(g), labels.get(g) + ": " + TRACED, -2 - 2L * g);
            addSql(builder, groups.get(g), labels.get(g) + ": " + SQL, -1_000_000 - g);
            for (RequestRun run : groups.get(g)) wall += run.wallNanos();
        }
        return annotate(builder, results, title, wall).build();
    }

    /**
     * The profile of one request, with what it was (method, URL, status, wall and CPU time, allocated bytes, SQL) as
     * attributes: a request kept by slow-request capture.
     */
    public static Profile ofRequest(RequestResults results, RequestRun run) {
        String title = run.method() + " " + run.url() + " (" + (run.async() ? "went async, " : "")
                + (run.status() < 0 ? "no status" : Integer.toString(run.status())) + ", "
                + Unit.NANOSECONDS.format(run.wallNanos()) + ")";
        Map<String, String> about = new LinkedHashMap<>();
        about.put(Attributes.REQUEST_METHOD, run.method());
        about.put(Attributes.REQUEST_URL, run.url());
        about.put(Attributes.REQUEST_STATUS, Integer.toString(run.status()));
        if (run.async()) about.put(Attributes.REQUEST_ASYNC, "true");
        about.put(Attributes.REQUEST_WALL_NANOS, Long.toString(run.wallNanos()));
        about.put(Attributes.REQUEST_CPU_NANOS, Long.toString(run.cpuNanos()));
        about.put(Attributes.REQUEST_ALLOCATED_BYTES, Long.toString(run.allocatedBytes()));
        about.put(Attributes.REQUEST_SQL_COUNT, Long.toString(run.sqlCount()));
        about.put(Attributes.REQUEST_SQL_NANOS, Long.toString(run.sqlNanos()));
        about.put(Attributes.START_MILLIS, Long.toString(run.startEpochNanos() / 1_000_000));
        return of(results, List.of(List.of(run)), List.of("request"), title).annotate(about, List.of());
    }

    /** The sampled view of these runs alone (value types wall, and calls: zero). */
    public static Profile sampled(RequestResults results, List<RequestRun> runs) {
        ProfileBuilder builder = new ProfileBuilder(ValueType.WALL_TIME, ValueType.CALLS);
        addSampled(builder, runs, SAMPLED, -1);
        return annotate(builder, results, "sampled", 0).build();
    }

    /** The traced view of these runs alone, shaped like a trace (calls, self wall time per node). */
    public static Profile traced(RequestResults results, List<RequestRun> runs) {
        ProfileBuilder builder = new ProfileBuilder(ValueType.CALLS, ValueType.WALL_TIME);
        addTraced(builder, results, runs, TRACED, -2);
        builder.attribute(Attributes.MODE, "trace");
        builder.attribute(Attributes.ENGINE, "jprof-trace wall clock");
        return builder.build();
    }

    private static ProfileBuilder annotate(ProfileBuilder builder, RequestResults results, String title, long wall) {
        builder.attribute(Attributes.MODE, "request");
        builder.attribute(Attributes.ENGINE, (results.engine() == null ? "no sampling" : results.engine()) + " + jprof-trace wall clock");
        if (results.intervalNanos() > 0) builder.attribute(Attributes.INTERVAL_NANOS, Long.toString(results.intervalNanos()));
        if (wall > 0) builder.attribute(Attributes.DURATION_NANOS, Long.toString(wall));
        if (title != null) builder.attribute(Attributes.TITLE, title);
        return builder;
    }

    private static void addSampled(ProfileBuilder builder, List<RequestRun> runs, String threadName, long threadId) {
        int thread = builder.thread(threadName, threadId);
        int wallIndex = builder.valueTypes().indexOf(ValueType.WALL_TIME);
        for (RequestRun run : runs) {
            for (SampledStack stack : run.samples()) {
                int node = Profile.ROOT;
                for (SampledStack.Frame f : stack.rootFirst()) {
                    node = builder.stack(node, builder.frame(f.className(), f.method(), "", f.line(), f.kind()));
                }
                if (stack.waiting()) node = builder.stack(node, builder.frame("", waitName(stack.waitEvent()), "", -1, FrameKind.SYNTHETIC));
                long[] values = new long[2];
                values[wallIndex] = stack.weightNanos();
                builder.sample(node, thread, stack.state(), Profile.NO_TIME, values);
            }
            long rest = unsampled(run);
            if (rest > 0) {
                long[] values = new long[2];
                values[wallIndex] = rest;
                builder.sample(builder.stack(Profile.ROOT, builder.frame("", OFF_CPU, "", -1, FrameKind.SYNTHETIC)), thread,
                        ThreadState.UNKNOWN, Profile.NO_TIME, values);
            }
        }
    }

    /** The request's wall time neither on a CPU nor in a wait of over a millisecond: short waits, or waiting for a core. */
    public static long unsampled(RequestRun run) {
        if (run.cpuNanos() < 0) return 0;
        long waits = 0;
        for (SampledStack s : run.samples()) {
            if (s.waiting()) waits += s.weightNanos();
        }
        return Math.max(0, run.wallNanos() - run.cpuNanos() - waits);
    }

    /** "[wait: socket read]" for jdk.SocketRead, and so on. */
    static String waitName(String event) {
        String name = event.startsWith("jdk.") ? event.substring(4) : event;
        StringBuilder words = new StringBuilder();
        for (char c : name.toCharArray()) {
            if (Character.isUpperCase(c) && words.length() > 0) words.append(' ');
            words.append(Character.toLowerCase(c));
        }
        return "[wait: " + words.toString().replace("java monitor", "monitor").replace("thread ", "") + "]";
    }

    private static void addSql(ProfileBuilder builder, List<RequestRun> runs, String threadName, long threadId) {
        int wallIndex = builder.valueTypes().indexOf(ValueType.WALL_TIME);
        int callsIndex = builder.valueTypes().indexOf(ValueType.CALLS);
        int thread = -1;
        for (RequestRun run : runs) {
            for (SqlStatement statement : run.statements()) {
                if (thread < 0) thread = builder.thread(threadName, threadId);
                int root = builder.stack(Profile.ROOT, builder.frame("", SQL_ROOT, "", -1, FrameKind.SYNTHETIC));
                int stack = builder.stack(root, builder.frame("", statement.text(), "", -1, FrameKind.SYNTHETIC));
                long[] values = new long[2];
                values[wallIndex] = statement.totalNanos();
                values[callsIndex] = statement.count();
                builder.sample(stack, thread, ThreadState.RUNNABLE, Profile.NO_TIME, values);
            }
        }
    }

    private static void addTraced(ProfileBuilder builder, RequestResults results, List<RequestRun> runs, String threadName, long threadId) {
        if (runs.stream().allMatch(r -> r.calls().isEmpty()) && results.methods().isEmpty()) return;
        int thread = builder.thread(threadName, threadId);
        int wallIndex = builder.valueTypes().indexOf(ValueType.WALL_TIME);
        int callsIndex = builder.valueTypes().indexOf(ValueType.CALLS);
        for (RequestRun run : runs) {
            Map<Integer, Integer> stacks = new HashMap<>();
            Map<Integer, Long> childTime = new HashMap<>();
            for (TracedCall call : run.calls()) childTime.merge(call.parent(), call.totalNanos(), Long::sum);
            // the agent writes parents before children
            for (TracedCall call : run.calls()) {
                TracedMethod m = results.methods().get(call.method());
                int frame = m == null ? builder.frame("[method " + call.method() + "]", "", "", -1, FrameKind.UNKNOWN)
                        : builder.frame(m.className(), m.name(), m.file(), m.line(), FrameKind.COMPILED);
                Integer parent = call.parent() == 0 ? null : stacks.get(call.parent());
                int stack = builder.stack(parent == null ? Profile.ROOT : parent, frame);
                stacks.put(call.node(), stack);
                long[] values = new long[2];
                values[callsIndex] = call.calls();
                values[wallIndex] = Math.max(0, call.totalNanos() - childTime.getOrDefault(call.node(), 0L));
                builder.sample(stack, thread, ThreadState.RUNNABLE, Profile.NO_TIME, values);
            }
        }
    }
}
