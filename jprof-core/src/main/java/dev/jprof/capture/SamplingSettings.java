package dev.jprof.capture;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How to sample: the mode, the interval between two samples of one thread, and whether allocations
 * and lock waits are recorded too, beside the mode's own profile, in the same run.
 *
 * @param mode        cpu, wall, alloc or lock: the run's main profile
 * @param interval    time between samples of a thread (10 ms by default); in alloc mode, the mean time
 *                    between two allocation samples in the whole JVM; not used for lock waits, which JFR
 *                    records above a threshold
 * @param allocations allocation samples as well (not beside alloc)
 * @param locks       lock waits as well (not beside lock)
 * @param lockThreshold for lock waits, null for the engine's own: the JFR engine records the waits that last at
 *                    least this long (100 µs), the async engine takes one sample per this much waiting in all (10 µs)
 */
public record SamplingSettings(Mode mode, Duration interval, boolean allocations, boolean locks, Duration lockThreshold) {
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(10);

    public SamplingSettings {
        if (interval.toNanos() < 100_000) throw new IllegalArgumentException("interval must be at least 100us");
        if (allocations && mode == Mode.ALLOC) throw new IllegalArgumentException("alloc mode samples allocations already");
        if (locks && mode == Mode.LOCK) throw new IllegalArgumentException("lock mode records lock waits already");
        if (lockThreshold != null && lockThreshold.isNegative()) throw new IllegalArgumentException("the lock threshold must not be negative");
        if (lockThreshold != null && mode != Mode.LOCK && !locks) {
            throw new IllegalArgumentException("a lock threshold goes with lock waits: add lock to the modes (--mode lock, --mode cpu,lock)");
        }
    }

    public SamplingSettings(Mode mode, Duration interval, boolean allocations, boolean locks) {
        this(mode, interval, allocations, locks, null);
    }

    public SamplingSettings(Mode mode, Duration interval, boolean allocations) {
        this(mode, interval, allocations, false);
    }

    public SamplingSettings(Mode mode, Duration interval) {
        this(mode, interval, false, false);
    }

    public static SamplingSettings defaults() {
        return new SamplingSettings(Mode.CPU, DEFAULT_INTERVAL);
    }

    /**
     * Reads {@code --mode}: one mode, or several separated by ',' for one run ({@code cpu,alloc},
     * {@code wall,lock}, {@code cpu,alloc,lock}). The main profile is the threads' (cpu or wall) when
     * asked for, else the allocations'.
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
        Mode main = parsed.contains(Mode.CPU) ? Mode.CPU : parsed.contains(Mode.WALL) ? Mode.WALL
                : parsed.contains(Mode.ALLOC) ? Mode.ALLOC : Mode.LOCK;
        return new SamplingSettings(main, interval, main != Mode.ALLOC && parsed.contains(Mode.ALLOC),
                main != Mode.LOCK && parsed.contains(Mode.LOCK));
    }

    /** The same with lock waits taken at {@code threshold} (null: the engine's own). */
    public SamplingSettings withLockThreshold(Duration threshold) {
        return new SamplingSettings(mode, interval, allocations, locks, threshold);
    }

    /** The modes of the run, the main one first. */
    public List<Mode> modes() {
        List<Mode> modes = new ArrayList<>(List.of(mode));
        if (allocations) modes.add(Mode.ALLOC);
        if (locks) modes.add(Mode.LOCK);
        return List.copyOf(modes);
    }

    /** The agent's mode option: the modes joined by '+', the main one first ({@code cpu}, {@code cpu+alloc}, {@code wall+lock}). */
    public String agentMode() {
        return String.join("+", modes().stream().map(Mode::label).toList());
    }
}
