package dev.jprof.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** What the machine and the JDKs are, for the header of every table. */
public final class Machine {
    private Machine() {
    }

    public static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).strip();
            }
        } catch (IOException e) {
            // fall through
        }
        return System.getProperty("os.arch");
    }

    public static String memory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return String.format(Locale.ROOT, "%.1f GiB", kb / 1024.0 / 1024.0);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // fall through
        }
        return "unknown";
    }

    public static String kernel() {
        return read("/proc/sys/kernel/osrelease");
    }

    public static String perfEventParanoid() {
        return read("/proc/sys/kernel/perf_event_paranoid");
    }

    /** The 1, 5 and 15 minute load averages. */
    public static String loadAverage() {
        String s = read("/proc/loadavg");
        String[] parts = s.split("\\s+");
        return parts.length >= 3 ? parts[0] + " " + parts[1] + " " + parts[2] : s;
    }

    public static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** The first line of {@code java -version} plus the runtime line, e.g. "openjdk 17.0.15 ... (build 17.0.15+6-...)". */
    public static String javaVersion(String java) {
        try {
            Process p = new ProcessBuilder(java, "-version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(60, TimeUnit.SECONDS);
            List<String> lines = new ArrayList<>(out.lines().map(String::strip).filter(l -> !l.isEmpty()).toList());
            if (lines.isEmpty()) return "unknown";
            return lines.size() > 1 ? lines.get(0) + "; " + lines.get(1) : lines.get(0);
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file)).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
