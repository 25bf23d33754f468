package dev.jprof.cli;

import dev.jprof.capture.request.RequestProfiles;
import dev.jprof.capture.request.RequestResults;
import dev.jprof.capture.request.RequestRun;
import dev.jprof.capture.request.SampledStack;
import dev.jprof.capture.request.SentRequest;
import dev.jprof.capture.request.SqlStatement;
import dev.jprof.model.Profile;
import dev.jprof.model.Unit;
import dev.jprof.transform.CallStats;
import dev.jprof.transform.MethodTable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The text {@code jprof request} prints: each run, the SQL, the hottest traced and sampled methods, the refused triggers. */
final class RequestSummary {
    private static final int TOP = 10;

    private RequestSummary() {
    }

    /** @param runs the profiled runs matched to {@code sent} (null where a sent request was not profiled) */
    static String of(List<SentRequest> sent, List<RequestRun> runs, RequestResults results) {
        StringBuilder out = new StringBuilder();
        SentRequest first = sent.get(0);
        out.append(String.format(Locale.ROOT, "jprof request: %s %s, %d %s%n", first.method(), first.uri(), sent.size(),
                sent.size() == 1 ? "run" : "runs (run 1 is the warm-up, shown apart)"));
        List<List<String>> table = new ArrayList<>();
        table.add(List.of("run", "status", "wall", "cpu", "off-cpu", "allocated", "sql", "samples", "thread"));
        List<RequestRun> profiled = new ArrayList<>();
        for (int i = 0; i < sent.size(); i++) {
            SentRequest s = sent.get(i);
            RequestRun r = runs.get(i);
            if (r == null) {
                table.add(List.of(Integer.toString(s.number()), Integer.toString(s.status()), nanos(s.clientNanos()), "-", "-", "-", "-", "-",
                        "not profiled"));
                continue;
            }
            profiled.add(r);
            table.add(List.of(Integer.toString(s.number()), Integer.toString(s.status()), nanos(r.wallNanos()), nanos(r.cpuNanos()),
                    nanos(r.offCpuNanos()), bytes(r.allocatedBytes()), Long.toString(r.sqlCount()), samples(r),
                    r.async() ? r.threadName() + " (went async)" : r.threadName()));
        }
        out.append(indent(TextTable.of(table)));
        if (profiled.stream().anyMatch(RequestRun::async)) {
            out.append("  went async: measured on the request's thread until its servlet returned; what ran after, on other threads, is not in the profile\n");
        }
        if (profiled.size() > 2) {
            List<RequestRun> rest = profiled.subList(1, profiled.size());
            long[] walls = rest.stream().mapToLong(RequestRun::wallNanos).sorted().toArray();
            out.append(String.format(Locale.ROOT, "  runs 2-%d: wall median %s, min %s, max %s; cpu mean %s%n", sent.size(),
                    nanos(walls[walls.length / 2]), nanos(walls[0]), nanos(walls[walls.length - 1]),
                    nanos((long) rest.stream().mapToLong(RequestRun::cpuNanos).average().orElse(0))));
        }
        List<RequestRun> shown = profiled.size() > 1 ? profiled.subList(1, profiled.size()) : profiled;
        String scope = profiled.size() > 1 ? " (runs 2-" + sent.size() + ")" : "";
        sql(out, shown, scope);
        traced(out, results, shown, scope);
        sampled(out, results, shown, scope);
        out.append(String.format(Locale.ROOT, "triggers refused by the agent: %d forged, %d expired, %d replayed, %d over the limit%n",
                results.refused("forged"), results.refused("expired"), results.refused("replayed"), results.refused("over-limit")));
        return out.toString();
    }

    private static void sql(StringBuilder out, List<RequestRun> runs, String scope) {
        Map<String, long[]> statements = new LinkedHashMap<>();
        for (RequestRun r : runs) {
            for (SqlStatement s : r.statements()) {
                long[] t = statements.computeIfAbsent(s.text(), k -> new long[2]);
                t[0] += s.count();
                t[1] += s.totalNanos();
            }
        }
        if (statements.isEmpty()) {
            out.append("SQL").append(scope).append(": none through JDBC\n");
            return;
        }
        long count = statements.values().stream().mapToLong(t -> t[0]).sum();
        long time = statements.values().stream().mapToLong(t -> t[1]).sum();
        out.append(String.format(Locale.ROOT, "SQL%s: %d statements, %d executions, %s (values elided)%n", scope, statements.size(), count, nanos(time)));
        List<List<String>> table = new ArrayList<>();
        table.add(List.of("count", "total", "mean", "statement"));
        for (Map.Entry<String, long[]> e : statements.entrySet()) {
            long[] t = e.getValue();
            table.add(List.of(Long.toString(t[0]), nanos(t[1]), nanos(t[1] / Math.max(1, t[0])), e.getKey()));
        }
        out.append(indent(TextTable.of(table)));
    }

    private static void traced(StringBuilder out, RequestResults results, List<RequestRun> runs, String scope) {
        Profile traced = RequestProfiles.traced(results, runs);
        if (traced.sampleCount() == 0) {
            out.append("traced calls").append(scope).append(": none of the application's methods ran\n");
            return;
        }
        CallStats stats = CallStats.of(traced);
        out.append(String.format(Locale.ROOT, "traced calls of the application's code%s (exact; %,d calls):%n", scope, stats.calls()));
        List<List<String>> table = new ArrayList<>();
        table.add(List.of("ncalls", "tottime", "cumtime", "method"));
        List<CallStats.Row> rows = stats.sorted(CallStats.Sort.CUMTIME);
        for (CallStats.Row row : rows.subList(0, Math.min(TOP, rows.size()))) {
            table.add(List.of(row.ncalls(), nanos(row.selfNanos()), nanos(row.totalNanos()), row.name()));
        }
        out.append(indent(TextTable.of(table)));
    }

    private static void sampled(StringBuilder out, RequestResults results, List<RequestRun> runs, String scope) {
        Profile sampled = RequestProfiles.sampled(results, runs);
        int wall = sampled.valueTypeIndex("wall");
        long total = sampled.total(wall);
        long waiting = 0;
        long running = 0;
        for (RequestRun r : runs) {
            for (SampledStack s : r.samples()) {
                if (s.waiting()) waiting += s.weightNanos();
                else running++;
            }
        }
        if (total == 0) {
            out.append("sampled").append(scope).append(": no samples of the request's thread (a request shorter than the interval?)\n");
            return;
        }
        out.append(String.format(Locale.ROOT, "sampled on the request's thread%s: %,d running samples (asked every %s) sharing its CPU time,"
                + " %s in waits over 1 ms, the rest off cpu:%n", scope, running, nanos(results.intervalNanos()), nanos(waiting)));
        List<List<String>> table = new ArrayList<>();
        table.add(List.of("self %", "self", "total %", "method"));
        MethodTable methods = MethodTable.of(sampled);
        List<MethodTable.Row> rows = methods.sortedBySelf(wall);
        for (MethodTable.Row row : rows.subList(0, Math.min(TOP, rows.size()))) {
            if (row.self(wall) == 0) break;
            table.add(List.of(percent(row.self(wall), total), nanos(row.self(wall)), percent(row.total(wall), total), row.name()));
        }
        out.append(indent(TextTable.of(table)));
    }

    private static String samples(RequestRun r) {
        long running = r.samples().stream().filter(s -> !s.waiting()).count();
        return Long.toString(running);
    }

    private static String percent(long part, long whole) {
        return String.format(Locale.ROOT, "%.1f%%", 100.0 * part / whole);
    }

    static String nanos(long value) {
        return value < 0 ? "-" : Unit.NANOSECONDS.format(value);
    }

    private static String bytes(long value) {
        return value < 0 ? "-" : Unit.BYTES.format(value);
    }

    private static String indent(String text) {
        return text.replaceAll("(?m)^", "  ");
    }
}
