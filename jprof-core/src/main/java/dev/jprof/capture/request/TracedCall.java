package dev.jprof.capture.request;

/** A node of a request's traced call tree: a method called through one path, with its calls and total wall time. */
public record TracedCall(int node, int parent, int method, long calls, long totalNanos) {
}
