package dev.jprof.capture.request;

/** A method the tracer instrumented. */
public record TracedMethod(String className, String name, String file, int line) {
}
