package dev.jprof.capture.jfr.file;

/** A thread from a chunk's constant pool; names may be null (a thread that had ended, a JVM-internal thread). */
public record JfrThread(long javaThreadId, String javaName, long osThreadId, String osName) {
}
