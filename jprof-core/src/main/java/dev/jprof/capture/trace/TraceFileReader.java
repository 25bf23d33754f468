package dev.jprof.capture.trace;

import dev.jprof.capture.ProfileFormatException;
import dev.jprof.model.Attributes;
import dev.jprof.model.FrameKind;
import dev.jprof.model.Profile;
import dev.jprof.model.ProfileBuilder;
import dev.jprof.model.ThreadState;
import dev.jprof.model.ValueType;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the tracing agent's file (written by dev.jprof.agent.trace.TraceFileWriter) into a Profile: one
 * sample per call-tree node and thread, with the value types calls and, unless the clock was none, the
 * node's self time (wall or cpu).
 *
 * <p>The hooks' own cost, measured by the agent at start, is subtracted: a node's measured total holds
 * {@code inner} per own call and {@code outer} per call below it, so its self time loses {@code inner}
 * per own call and {@code outer - inner} per call of its direct callees (never below zero).
 */
public final class TraceFileReader {
    public static final String MAGIC = "jprof-trace";

    private TraceFileReader() {
    }

    public static boolean isTrace(byte[] head) {
        return new String(head, StandardCharsets.UTF_8).startsWith(MAGIC + "\t");
    }

    public static Profile read(Path file) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(in, file.toString());
        } catch (CharacterCodingException e) {
            throw new ProfileFormatException(file + ": not a jprof trace (not UTF-8 text)");
        }
    }

    private record Method(String cls, String name, String file, int line) {
    }

    private record Node(int thread, int id, int parent, int method, long calls, long time) {
    }

    private record TraceThread(String name, long id) {
    }

    static Profile read(BufferedReader in, String source) throws IOException {
        String clock = "wall";
        double inner = 0;
        double outer = 0;
        long duration = -1;
        List<String> warnings = new ArrayList<>();
        Map<Integer, Method> methods = new HashMap<>();
        Map<Integer, TraceThread> threads = new HashMap<>();
        List<Node> nodes = new ArrayList<>();
        String line;
        int number = 0;
        while ((line = in.readLine()) != null) {
            number++;
            if (line.isEmpty()) continue;
            String[] f = line.split("\t", -1);
            try {
                switch (f[0]) {
                    case MAGIC -> {
                        if (!f[1].equals("1")) throw new ProfileFormatException(source + ": unsupported trace version " + f[1]);
                    }
                    case "clock" -> clock = f[1];
                    case "calibration" -> {
                        inner = Double.parseDouble(f[1]);
                        outer = Double.parseDouble(f[2]);
                    }
                    case "duration" -> duration = Long.parseLong(f[1]);
                    case "warning" -> warnings.add(f[1]);
                    case "method" -> methods.put(Integer.parseInt(f[1]), new Method(f[2], f[3], f[5], Integer.parseInt(f[6])));
                    case "thread" -> threads.put(Integer.parseInt(f[1]), new TraceThread(f[3], Long.parseLong(f[2])));
                    case "node" -> nodes.add(new Node(Integer.parseInt(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3]),
                            Integer.parseInt(f[4]), Long.parseLong(f[5]), Long.parseLong(f[6])));
                    default -> throw new ProfileFormatException(source + ":" + number + ": unknown record '" + f[0] + "'");
                }
            } catch (ArrayIndexOutOfBoundsException | NumberFormatException e) {
                throw new ProfileFormatException(source + ":" + number + ": malformed trace line");
            }
            if (number == 1 && !f[0].equals(MAGIC)) throw new ProfileFormatException(source + ": not a jprof trace");
        }
        if (number == 0) throw new ProfileFormatException(source + ": empty trace file");

        boolean timed = !clock.equals("none");
        ValueType timeType = clock.equals("cpu") ? ValueType.CPU_TIME : ValueType.WALL_TIME;
        ProfileBuilder builder = timed ? new ProfileBuilder(ValueType.CALLS, timeType) : new ProfileBuilder(ValueType.CALLS);

        // per thread: node id -> index into nodes, and the calls of each node's direct callees
        Map<Long, Integer> index = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) index.put(key(nodes.get(i).thread, nodes.get(i).id), i);
        long[] childCalls = new long[nodes.size()];
        long[] childTime = new long[nodes.size()];
        for (Node node : nodes) {
            Integer parent = node.parent == 0 ? null : index.get(key(node.thread, node.parent));
            if (parent == null) continue;
            childCalls[parent] += node.calls;
            childTime[parent] += node.time;
        }
        int[] stacks = new int[nodes.size()];
        int[] threadIds = new int[nodes.size()];
        // agent writes parents before children (node ids grow), so one pass in file order builds every stack
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            Method method = methods.get(node.method);
            if (method == null) throw new ProfileFormatException(source + ": node of unknown method " + node.method);
            int frame = builder.frame(method.cls, method.name, method.file, method.line, FrameKind.COMPILED);
            Integer parent = node.parent == 0 ? null : index.get(key(node.thread, node.parent));
            if (parent != null && parent >= i) {
                throw new ProfileFormatException(source + ": node " + node.id + " of thread " + node.thread
                        + " comes before its parent " + node.parent);
            }
            stacks[i] = builder.stack(parent == null ? Profile.ROOT : stacks[parent], frame);
            TraceThread thread = threads.get(node.thread);
            threadIds[i] = thread == null ? Profile.NO_THREAD : builder.thread(thread.name(), thread.id());
        }
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            if (!timed) {
                builder.sample(stacks[i], threadIds[i], ThreadState.RUNNABLE, Profile.NO_TIME, node.calls);
                continue;
            }
            double self = node.time - childTime[i] - node.calls * inner - childCalls[i] * (outer - inner);
            builder.sample(stacks[i], threadIds[i], ThreadState.RUNNABLE, Profile.NO_TIME, node.calls, Math.max(0, Math.round(self)));
        }
        builder.attribute(Attributes.MODE, "trace");
        builder.attribute(Attributes.ENGINE, "jprof-trace " + clock + " clock");
        if (duration >= 0) builder.attribute(Attributes.DURATION_NANOS, Long.toString(duration));
        if (timed) builder.attribute(Attributes.TRACE_OVERHEAD_NANOS, String.format(Locale.ROOT, "%.1f", outer));
        for (String warning : warnings) builder.warning(warning);
        return builder.build();
    }

    private static long key(int thread, int node) {
        return ((long) thread << 32) | (node & 0xffffffffL);
    }
}
