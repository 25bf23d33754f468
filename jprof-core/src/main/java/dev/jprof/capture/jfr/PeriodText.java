package dev.jprof.capture.jfr;

import java.time.Duration;

/** JFR's period setting values: "20 ms", "1 s", "10 us", "everyChunk". */
final class PeriodText {
    private PeriodText() {
    }

    /** The duration, or null when the value is not a fixed period. */
    static Duration parse(String text) {
        if (text == null) return null;
        String[] parts = text.trim().split("\\s+");
        if (parts.length != 2) return null;
        long amount;
        try {
            amount = Long.parseLong(parts[0]);
        } catch (NumberFormatException e) {
            return null;
        }
        switch (parts[1]) {
            case "ns": return Duration.ofNanos(amount);
            case "us": return Duration.ofNanos(amount * 1_000);
            case "ms": return Duration.ofMillis(amount);
            case "s": return Duration.ofSeconds(amount);
            case "m": case "min": return Duration.ofMinutes(amount);
            case "h": return Duration.ofHours(amount);
            default: return null;
        }
    }
}
