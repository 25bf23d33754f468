package dev.jprof.cli;

import picocli.CommandLine;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** "10ms", "30s", "2m", "1h", "500us"; a bare number is seconds. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    private static final Pattern FORMAT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ns|us|ms|s|m|min|h)?");

    @Override
    public Duration convert(String text) {
        return parse(text);
    }

    static Duration parse(String text) {
        Matcher m = FORMAT.matcher(text.trim());
        if (!m.matches()) {
            throw new CommandLine.TypeConversionException("'" + text + "' is not a duration (examples: 10ms, 30s, 2m)");
        }
        double amount = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double nanos;
        switch (unit) {
            case "ns": nanos = amount; break;
            case "us": nanos = amount * 1e3; break;
            case "ms": nanos = amount * 1e6; break;
            case "s": nanos = amount * 1e9; break;
            case "m": case "min": nanos = amount * 60e9; break;
            default: nanos = amount * 3600e9; break;
        }
        return Duration.ofNanos(Math.round(nanos));
    }
}
