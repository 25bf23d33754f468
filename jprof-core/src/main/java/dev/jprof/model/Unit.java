package dev.jprof.model;

import java.util.Locale;

/** What a value counts. Every value in a profile carries one, so no report guesses units. */
public enum Unit {
    SAMPLES("samples"),
    NANOSECONDS("ns"),
    BYTES("bytes"),
    CALLS("calls");

    private final String symbol;

    Unit(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    /** A human-readable quantity: "1.25 s", "3.4 MiB", "1,234 samples". */
    public String format(long value) {
        switch (this) {
            case NANOSECONDS:
                return formatNanos(value);
            case BYTES:
                return formatBytes(value);
            default:
                return String.format(Locale.ROOT, "%,d %s", value, symbol);
        }
    }

    private static String formatNanos(long ns) {
        double abs = Math.abs((double) ns);
        if (abs >= 1e9) return String.format(Locale.ROOT, "%.2f s", ns / 1e9);
        if (abs >= 1e6) return String.format(Locale.ROOT, "%.2f ms", ns / 1e6);
        if (abs >= 1e3) return String.format(Locale.ROOT, "%.2f us", ns / 1e3);
        return ns + " ns";
    }

    private static String formatBytes(long bytes) {
        double abs = Math.abs((double) bytes);
        if (abs >= 1L << 30) return String.format(Locale.ROOT, "%.2f GiB", bytes / (double) (1L << 30));
        if (abs >= 1L << 20) return String.format(Locale.ROOT, "%.2f MiB", bytes / (double) (1L << 20));
        if (abs >= 1L << 10) return String.format(Locale.ROOT, "%.2f KiB", bytes / (double) (1L << 10));
        return bytes + " B";
    }
}
