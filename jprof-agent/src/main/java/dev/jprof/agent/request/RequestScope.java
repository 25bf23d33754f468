package dev.jprof.agent.request;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One request on its thread, from the entry hook to the exit hook: a profiled one with its measurements,
 * or a refused one, which only marks the thread so that nested entry points do not check it again.
 * A watched request is measured like a profiled one but kept only if it ends slow, so what it costs
 * when it ends fast stays small: its statements are held as run (text and time) and elided only when kept.
 */
final class RequestScope {
    /** Distinct statements kept per request; the rest add up under {@link #MORE_STATEMENTS}. */
    static final int MAX_STATEMENTS = 500;
    static final String MORE_STATEMENTS = "[other statements]";
    private static final int MAX_PREPARED = 10_000;
    /** Statements held as run before they are elided and added up. */
    private static final int MAX_RAW = 1_000;

    final boolean profiled;
    final String method;
    final String path;
    /** The query string with its values elided ("id=?&page=?"), or null. */
    final String query;
    final String nonce;
    final long threadId;
    final String threadName;
    /** The request (a servlet's) and the response, or the exchange (the JDK server's), for the status at the end. */
    Object request;
    Object response;
    int api = -1;
    int status = -1;
    /**
     * The request went on asynchronously after its entry point returned (a servlet's startAsync): it is measured
     * on its thread up to there, and its status is not known yet.
     */
    boolean async;
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
    private final Map<String, long[]> statements = new LinkedHashMap<>();
    private List<String> rawText;
    private long[] rawNanos;
    private Map<Object, String> prepared;
    int sqlDepth;
    long sqlStart;
    String sqlText;

    private RequestScope(boolean profiled, String method, String path, String query, String nonce) {
        this.profiled = profiled;
        this.method = method;
        this.path = path;
        this.query = query;
        this.nonce = nonce;
        Thread thread = Thread.currentThread();
        @SuppressWarnings("deprecation")
        long id = thread.getId();
        this.threadId = id;
        this.threadName = thread.getName();
    }

    static RequestScope refused() {
        return new RequestScope(false, null, null, null, null);
    }

    static RequestScope profiled(String method, String path, String query, String nonce) {
        return new RequestScope(true, method, path, query, nonce);
    }

    void prepared(Object statement, String sql) {
        if (prepared == null) prepared = new IdentityHashMap<>();
        if (prepared.size() < MAX_PREPARED) prepared.put(statement, sql);
    }

    String preparedSql(Object statement) {
        String sql = prepared == null ? null : prepared.get(statement);
        return sql == null ? "[statement prepared before the request]" : sql;
    }

    void statementRan(String sql, long nanos) {
        if (rawText == null) {
            rawText = new ArrayList<>();
            rawNanos = new long[16];
        }
        if (rawText.size() == MAX_RAW) foldRaw();
        if (rawText.size() == rawNanos.length) rawNanos = java.util.Arrays.copyOf(rawNanos, rawNanos.length * 2);
        rawNanos[rawText.size()] = nanos;
        rawText.add(sql);
    }

    /** Elided statement text to {count, total nanoseconds}, in first-run order. */
    Map<String, long[]> statements() {
        foldRaw();
        return statements;
    }

    private void foldRaw() {
        if (rawText == null) return;
        for (int i = 0; i < rawText.size(); i++) {
            String text = SqlText.elide(rawText.get(i));
            long[] totals = statements.get(text);
            if (totals == null) {
                if (statements.size() >= MAX_STATEMENTS) text = MORE_STATEMENTS;
                totals = statements.computeIfAbsent(text, t -> new long[2]);
            }
            totals[0]++;
            totals[1] += rawNanos[i];
        }
        rawText.clear();
    }
}
