package dev.jprof.capture.request;

/** One SQL statement text (literal values elided) a request ran through JDBC: how often and for how long in all. */
public record SqlStatement(String text, long count, long totalNanos) {
}
