package dev.jprof.capture;

import java.time.Duration;

/**
 * How to sample: the mode and the interval between two samples of one thread.
 *
 * @param mode     cpu or wall
 * @param interval time between samples of a thread (10 ms by default)
 */
public record SamplingSettings(Mode mode, Duration interval) {
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(10);

    public SamplingSettings {
        if (interval.toNanos() < 100_000) throw new IllegalArgumentException("interval must be at least 100us");
    }

    public static SamplingSettings defaults() {
        return new SamplingSettings(Mode.CPU, DEFAULT_INTERVAL);
    }
}
