package dev.jprof.agent.request;

import java.nio.file.Path;

/**
 * Where the stacks sampled during a session come from. The session records every thread and keeps the
 * times and thread of each profiled request; the reader keeps the samples of that thread in that window.
 */
interface RequestSampling {
    /** The engine's name, written with the results so a reader knows how to read its file. */
    String engine();

    /** Starts sampling; with {@code keepNanos} above zero, only that much of the past is kept. */
    void start(long intervalNanos, long keepNanos) throws Exception;

    /** Called on a profiled request's thread as it begins; returns what {@link #requestEnds} takes. */
    Object requestBegins(String nonce);

    /** Called on the request's thread as it ends: the sampler marks the window in its own clock, if it has one. */
    void requestEnds(Object mark);

    /** Writes what was sampled so far into {@code dir}, sampling on; the file's name, or null when nothing could be written. */
    String snapshot(Path dir);

    /** Stops and writes what was sampled into {@code dir} (null: nowhere); the file's name, or null when nothing was written. */
    String stop(Path dir);
}
