package dev.jprof.agent.trace;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Writes every thread's call tree as jprof's trace file, tab-separated lines read by the core's
 * TraceFileReader:
 *
 * <pre>
 * jprof-trace	1
 * clock	wall
 * calibration	INNER_NS	OUTER_NS
 * duration	NANOS
 * warning	TEXT
 * method	ID	CLASS	NAME	DESCRIPTOR	FILE	LINE
 * thread	INDEX	JAVA_ID	NAME
 * node	THREAD	NODE	PARENT	METHOD	CALLS	TIME
 * </pre>
 *
 * Node 0 of each thread is its root and is not written; PARENT 0 means a root call. A call still running
 * when the trace is written counts its time so far (wall clock).
 */
final class TraceFileWriter {
    private TraceFileWriter() {
    }

    static void write(Path file, Clock clock, Calibration calibration, long durationNanos, List<String> warnings,
                      MethodRegistry registry) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        long now = clock == Clock.WALL ? System.nanoTime() : 0;
        try (Writer out = new BufferedWriter(Files.newBufferedWriter(temp, StandardCharsets.UTF_8), 1 << 16)) {
            out.write("jprof-trace\t1\n");
            out.write("clock\t" + clock.label() + "\n");
            out.write(String.format(Locale.ROOT, "calibration\t%.3f\t%.3f%n", calibration.innerNanos, calibration.outerNanos));
            out.write("duration\t" + durationNanos + "\n");
            for (String warning : warnings) out.write("warning\t" + clean(warning) + "\n");
            int methods = registry.size();
            for (int m = 0; m < methods; m++) {
                out.write("method\t" + m + "\t" + clean(registry.className(m)) + "\t" + clean(registry.name(m)) + "\t"
                        + clean(registry.descriptor(m)) + "\t" + clean(registry.file(m)) + "\t" + registry.line(m) + "\n");
            }
            int index = 0;
            for (Iterator<ThreadTrace> it = Tracer.threads(); it.hasNext(); index++) {
                ThreadTrace trace = it.next();
                out.write("thread\t" + index + "\t" + trace.threadId + "\t" + clean(trace.threadName) + "\n");
                writeNodes(out, index, trace, now, clock == Clock.WALL);
            }
        }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void writeNodes(Writer out, int thread, ThreadTrace trace, long now, boolean wall) throws IOException {
        // another thread may still run: take each array once, count only the nodes all of them hold
        long[] calls = trace.calls;
        long[] time = trace.time;
        int[] method = trace.method;
        int[] parent = trace.parent;
        int nodes = Math.min(Math.min(trace.nodes, calls.length), Math.min(time.length, Math.min(method.length, parent.length)));
        long[] open = new long[nodes];
        if (wall) {
            // the open calls: the cursor and its ancestors (a parent is always an older node, so this ends)
            long[] start = trace.start;
            for (int n = trace.cursor; n > 0 && n < Math.min(nodes, start.length); n = parent[n]) {
                open[n] += Math.max(0, now - start[n]);
            }
        }
        StringBuilder line = new StringBuilder();
        for (int n = 1; n < nodes; n++) {
            if (calls[n] == 0) continue;
            line.setLength(0);
            line.append("node\t").append(thread).append('\t').append(n).append('\t').append(parent[n]).append('\t')
                    .append(method[n]).append('\t').append(calls[n]).append('\t').append(time[n] + open[n]).append('\n');
            out.write(line.toString());
        }
    }

    private static String clean(String text) {
        if (text == null) return "";
        return text.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }

    static List<String> unmatchedWarnings(MethodFilter filter) {
        List<String> warnings = new ArrayList<>();
        for (String pattern : filter.unmatched()) warnings.add("include pattern '" + pattern + "' matched no method");
        return warnings;
    }
}
