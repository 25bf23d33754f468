package dev.jprof.render.text;

import dev.jprof.model.Attributes;
import dev.jprof.model.Unit;
import dev.jprof.transform.RequestComparison;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The text of a {@link RequestComparison}: the two requests, then methods and SQL statements side by side. */
public final class RequestComparisonTable {
    private RequestComparisonTable() {
    }

    /** @param top method rows to show, 0 = all */
    public static String render(RequestComparison.Result result, String beforeName, String afterName, int top) throws IOException {
        StringWriter out = new StringWriter();
        List<List<String>> about = new ArrayList<>();
        about.add(List.of("", "request", "status", "wall", "cpu", "allocated", "sql", "file"));
        about.add(requestRow("before", result.before(), beforeName));
        about.add(requestRow("after", result.after(), afterName));
        TextColumns.write(about, 2, out);

        out.write("\nmethods: self time sampled on the request's thread, calls traced (where the application's code was traced):\n");
        List<List<String>> methods = new ArrayList<>();
        methods.add(List.of("before", "after", "change", "calls before", "calls after", "method"));
        List<RequestComparison.MethodRow> rows = result.methods();
        int shown = top == 0 ? rows.size() : Math.min(top, rows.size());
        for (RequestComparison.MethodRow r : rows.subList(0, shown)) {
            methods.add(List.of(time(r.selfBefore()), time(r.selfAfter()), signed(r.change()), count(r.callsBefore()), count(r.callsAfter()), r.method()));
        }
        TextColumns.write(methods, 0, out);
        if (shown < rows.size()) out.write("... " + (rows.size() - shown) + " more rows\n");

        if (result.statements().isEmpty()) {
            out.write("\nSQL: none through JDBC in either\n");
        } else {
            out.write("\nSQL through JDBC (values elided):\n");
            List<List<String>> sql = new ArrayList<>();
            sql.add(List.of("count before", "count after", "time before", "time after", "statement"));
            for (RequestComparison.SqlRow r : result.statements()) {
                sql.add(List.of(Long.toString(r.countBefore()), Long.toString(r.countAfter()), time(r.nanosBefore()), time(r.nanosAfter()), r.statement()));
            }
            TextColumns.write(sql, 0, out);
        }
        return out.toString();
    }

    private static List<String> requestRow(String label, Map<String, String> a, String file) {
        String method = a.get(Attributes.REQUEST_METHOD);
        String url = a.get(Attributes.REQUEST_URL);
        String status = a.getOrDefault(Attributes.REQUEST_STATUS, "-1");
        return List.of(label, method == null ? a.getOrDefault(Attributes.TITLE, "") : method + " " + url, status.equals("-1") ? "-" : status,
                nanos(a.get(Attributes.REQUEST_WALL_NANOS)), nanos(a.get(Attributes.REQUEST_CPU_NANOS)), bytes(a.get(Attributes.REQUEST_ALLOCATED_BYTES)),
                a.getOrDefault(Attributes.REQUEST_SQL_COUNT, "-"), file);
    }

    private static String nanos(String value) {
        long n = parse(value);
        return n < 0 ? "-" : Unit.NANOSECONDS.format(n);
    }

    private static String bytes(String value) {
        long n = parse(value);
        return n < 0 ? "-" : Unit.BYTES.format(n);
    }

    private static long parse(String value) {
        try {
            return value == null ? -1 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String time(long nanos) {
        return nanos == 0 ? "-" : Unit.NANOSECONDS.format(nanos);
    }

    private static String count(long calls) {
        return calls == 0 ? "-" : String.format(java.util.Locale.ROOT, "%,d", calls);
    }

    private static String signed(long nanos) {
        if (nanos == 0) return "0";
        return (nanos > 0 ? "+" : "-") + Unit.NANOSECONDS.format(Math.abs(nanos));
    }
}
