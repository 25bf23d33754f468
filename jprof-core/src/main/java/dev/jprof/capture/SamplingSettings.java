package dev.jprof.capture;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How to sample: the mode, the interval between two samples of one thread, and whether allocations
 * are sampled too, beside the threads, in the same run.
 *
 * @param mode        cpu, wall or alloc
 * @param interval    time between samples of a thread (10 ms by default); in alloc mode, the mean time
 *                    between two allocation samples in the whole JVM
 * @param allocations allocation samples as well (only beside cpu or wall)
 */
public record SamplingSettings(Mode mode, Duration interval, boolean allocations) {
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(10);

    public SamplingSettings {
        if (interval.toNanos() < 100_000) throw new IllegalArgumentException("interval must be at least 100us");
        if (allocations && mode == Mode.ALLOC) throw new IllegalArgumentException("alloc mode samples allocations already");
    }

    public SamplingSettings(Mode mode, Duration interval) {
        this(mode, interval, false);
    }

    public static SamplingSettings defaults() {
        return new SamplingSettings(Mode.CPU, DEFAULT_INTERVAL);
    }

    /**
     * Reads {@code --mode}: one mode, or {@code cpu,alloc} / {@code wall,alloc} for threads and
     * allocations in one run.
     */
    public static SamplingSettings parse(String modes, Duration interval) {
        List<Mode> parsed = new ArrayList<>();
        for (String part : modes.split("[,+]", -1)) {
            Mode mode = Mode.parse(part);
            if (!parsed.contains(mode)) parsed.add(mode);
        }
        if (parsed.contains(Mode.CPU) && parsed.contains(Mode.WALL)) {
            throw new IllegalArgumentException("modes cpu and wall do not go together: a wall profile holds the cpu one"
                    + " (its running samples); use --mode wall");
        }
        boolean allocations = parsed.remove(Mode.ALLOC);
        if (parsed.isEmpty()) return new SamplingSettings(Mode.ALLOC, interval);
        return new SamplingSettings(parsed.get(0), interval, allocations);
    }

    /** The modes of the run, thread sampling first. */
    public List<Mode> modes() {
        return allocations ? List.of(mode, Mode.ALLOC) : List.of(mode);
    }

    /** The agent's mode option: {@code cpu}, {@code wall}, {@code alloc}, {@code cpu+alloc} or {@code wall+alloc}. */
    public String agentMode() {
        return allocations ? mode.label() + "+alloc" : mode.label();
    }
}
