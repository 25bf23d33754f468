package dev.jprof.model;

/** One column of sample values: what it measures and in which unit (pprof's sample_type). */
public record ValueType(String name, Unit unit) {
    public static final ValueType SAMPLES = new ValueType("samples", Unit.SAMPLES);
    public static final ValueType CPU_TIME = new ValueType("cpu", Unit.NANOSECONDS);
    public static final ValueType WALL_TIME = new ValueType("wall", Unit.NANOSECONDS);
    /** Calls of a method through one path, counted exactly by the tracer. */
    public static final ValueType CALLS = new ValueType("calls", Unit.CALLS);

    @Override
    public String toString() {
        return name + "[" + unit.symbol() + "]";
    }
}
