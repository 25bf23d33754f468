package dev.jprof.bench;

import java.util.List;

/**
 * What {@code /usr/bin/time -f '%e %U %S %M'} says about a finished command: wall seconds, user and
 * system CPU seconds of the process and all the descendants it waited for, and the peak resident set
 * of the largest single process in kilobytes.
 */
public record TimeResult(double wallSeconds, double userSeconds, double systemSeconds, long maxRssKb, int exitCode) {
    /** The format string given to /usr/bin/time; {@link #parse} reads what it writes. */
    public static final String FORMAT = "%e %U %S %M";

    public double cpuSeconds() {
        return userSeconds + systemSeconds;
    }

    /**
     * Parses the output file of {@code /usr/bin/time -f FORMAT -o FILE}: its last non-blank line holds the
     * four numbers; a preceding "Command exited with non-zero status N" or "Command terminated by signal N"
     * gives the exit code (0 when absent; 128+N for a signal).
     *
     * @throws IllegalArgumentException when no line has the four numbers
     */
    public static TimeResult parse(String output) {
        List<String> lines = output.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        int exit = 0;
        for (String line : lines) {
            if (line.startsWith("Command exited with non-zero status ")) {
                exit = Integer.parseInt(line.substring("Command exited with non-zero status ".length()).strip());
            } else if (line.startsWith("Command terminated by signal ")) {
                exit = 128 + Integer.parseInt(line.substring("Command terminated by signal ".length()).strip());
            }
        }
        for (int i = lines.size() - 1; i >= 0; i--) {
            String[] parts = lines.get(i).split("\\s+");
            if (parts.length != 4) continue;
            try {
                return new TimeResult(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]),
                        Double.parseDouble(parts[2]), Long.parseLong(parts[3]), exit);
            } catch (NumberFormatException e) {
                // not the numbers line
            }
        }
        throw new IllegalArgumentException("no '" + FORMAT + "' line in /usr/bin/time output: " + output.strip());
    }
}
