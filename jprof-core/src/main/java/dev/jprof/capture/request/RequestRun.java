package dev.jprof.capture.request;

import java.util.List;

/**
 * One profiled request as the agent measured it on the thread that served it (-1 for what was not measured),
 * with its SQL statements, its traced calls and the stacks sampled on that thread within its window; the status
 * of its response (-1: not read) and its query with the values elided ("" for none, and for triggered requests).
 * An async one went on asynchronously after its entry point returned (a servlet's startAsync): it was measured on its
 * thread up to there, and its status was not known yet (-1).
 */
public record RequestRun(int index, String nonce, String method, String path, long threadId, String threadName,
                         long startEpochNanos, long endEpochNanos, long wallNanos, long cpuNanos, long allocatedBytes,
                         List<SqlStatement> statements, List<TracedCall> calls, List<SampledStack> samples, int status, String query,
                         boolean async) {

    /** The path, with the query (values elided) when there is one. */
    public String url() {
        return query.isEmpty() ? path : path + "?" + query;
    }

    /** Wall time the thread did not spend on a CPU: waiting for I/O, locks, a database, or for a core. */
    public long offCpuNanos() {
        return cpuNanos < 0 ? -1 : Math.max(0, wallNanos - cpuNanos);
    }

    public long sqlCount() {
        long n = 0;
        for (SqlStatement s : statements) n += s.count();
        return n;
    }

    public long sqlNanos() {
        long n = 0;
        for (SqlStatement s : statements) n += s.totalNanos();
        return n;
    }

    RequestRun withSamples(List<SampledStack> stacks) {
        return new RequestRun(index, nonce, method, path, threadId, threadName, startEpochNanos, endEpochNanos, wallNanos, cpuNanos,
                allocatedBytes, statements, calls, stacks, status, query, async);
    }
}
