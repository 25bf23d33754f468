package dev.jprof.agent.request;

import java.nio.file.Path;

/**
 * Where the stacks sampled during a session come from. The session records every thread and keeps the
 * times and thread of each profiled request; the reader keeps the samples of that thread in that window.
 */
interface RequestSampling {
    /** The engine's name, written with the results so a reader knows how to read its file. */
    String engine();

    void start(long intervalNanos) throws Exception;

    /** Stops and writes what was sampled into {@code dir}; the file's name, or null when nothing could be written. */
    String stop(Path dir);
}
