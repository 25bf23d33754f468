package dev.jprof.agent.request;

import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One request on its thread, from the entry hook to the exit hook: a profiled one with its measurements,
 * or a refused one, which only marks the thread so that nested entry points do not check it again.
 */
final class RequestScope {
    /** Distinct statements kept per request; the rest add up under {@link #MORE_STATEMENTS}. */
    static final int MAX_STATEMENTS = 500;
    static final String MORE_STATEMENTS = "[other statements]";
    private static final int MAX_PREPARED = 10_000;

    final boolean profiled;
    final String method;
    final String path;
    final String nonce;
    final long threadId;
    final String threadName;
    long startEpochNanos;
    long endEpochNanos;
    long startNanos;
    long wallNanos;
    long cpuStart;
    long cpuNanos = -1;
    long allocStart;
    long allocBytes = -1;
    Object trace;
    /** The sampler's mark of the window, in its own clock. */
    Object window;
    String nodes = "";
    /** Elided statement text to {count, total nanoseconds}, in first-run order. */
    final Map<String, long[]> statements = new LinkedHashMap<>();
    private final Map<Object, String> prepared = new IdentityHashMap<>();
    int sqlDepth;
    long sqlStart;
    String sqlText;

    private RequestScope(boolean profiled, String method, String path, String nonce) {
        this.profiled = profiled;
        this.method = method;
        this.path = path;
        this.nonce = nonce;
        Thread thread = Thread.currentThread();
        @SuppressWarnings("deprecation")
        long id = thread.getId();
        this.threadId = id;
        this.threadName = thread.getName();
    }

    static RequestScope refused() {
        return new RequestScope(false, null, null, null);
    }

    static RequestScope profiled(String method, String path, String nonce) {
        return new RequestScope(true, method, path, nonce);
    }

    void prepared(Object statement, String sql) {
        if (prepared.size() < MAX_PREPARED) prepared.put(statement, sql);
    }

    String preparedSql(Object statement) {
        String sql = prepared.get(statement);
        return sql == null ? "[statement prepared before the request]" : sql;
    }

    void statementRan(String sql, long nanos) {
        String text = SqlText.elide(sql);
        long[] totals = statements.get(text);
        if (totals == null) {
            if (statements.size() >= MAX_STATEMENTS) text = MORE_STATEMENTS;
            totals = statements.computeIfAbsent(text, t -> new long[2]);
        }
        totals[0]++;
        totals[1] += nanos;
    }
}
