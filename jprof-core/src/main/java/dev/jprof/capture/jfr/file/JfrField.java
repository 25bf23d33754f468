package dev.jprof.capture.jfr.file;

/**
 * A field of a type as the chunk's metadata declares it.
 *
 * @param ticks whether a time or duration is counted in ticks (JFR's {@code @Timestamp(TICKS)} / {@code @Timespan(TICKS)})
 */
public record JfrField(String name, long typeId, boolean array, boolean constantPool, boolean ticks) {
}
