package dev.jprof.agent;

import dev.jprof.agent.jfr.EventSettings;

import java.util.Locale;

/**
 * The agent's options: {@code key=value} pairs separated by ','.
 *
 * <ul>
 *   <li>{@code mode=cpu|wall|alloc|lock}, or several joined by '+' ({@code cpu+alloc}, {@code wall+lock},
 *       {@code cpu+alloc+lock}; not cpu with wall) (cpu)</li>
 *   <li>{@code lockThreshold=TIME}: lock waits shorter than this are not recorded (100us).</li>
 *   <li>{@code interval=TIME}: time between two samples of a thread (10 ms). TIME is nanoseconds, or a number
 *       with a unit: {@code 500us}, {@code 10ms}, {@code 1s}.</li>
 *   <li>{@code file=PATH}: where the recording is written when the JVM exits; {@code %p} becomes the pid
 *       (jprof-%p.jfr). Must be the last option if the path contains ','.</li>
 *   <li>{@code engine=auto|execution-sample|cpu-time}: JFR's sampler for running threads; auto takes JDK 25's
 *       CPU-time sampler where the JVM has it (auto).</li>
 *   <li>{@code flush=TIME}: window over which the wall sampler aggregates its events (1 s).</li>
 *   <li>{@code recording=jfr|none}: none when someone else (jprof's attach engine, over JMX) runs the
 *       recording and the agent only adds its events (jfr).</li>
 *   <li>{@code stacks=handshake|dump}: how the wall sampler fetches the stacks of waiting threads
 *       (handshake: Thread.getStackTrace of each thread; dump: one ThreadMXBean.getThreadInfo call).</li>
 *   <li>{@code stats=true}: print the sampler's cost on stderr when it stops.</li>
 * </ul>
 */
public final class AgentOptions {
    public static final long MIN_INTERVAL_NANOS = 100_000;
    public static final long DEFAULT_INTERVAL_NANOS = 10_000_000;
    public static final long DEFAULT_FLUSH_NANOS = 1_000_000_000;

    public enum Engine {
        AUTO, EXECUTION_SAMPLE, CPU_TIME
    }

    public enum StackFetch {
        /** handshake on JDK 19+ (where Thread.getStackTrace of another thread is a handshake), dump before. */
        AUTO, HANDSHAKE, DUMP
    }

    private String mode = "cpu";
    private long intervalNanos = DEFAULT_INTERVAL_NANOS;
    private String file = "jprof-%p.jfr";
    private Engine engine = Engine.AUTO;
    private long flushNanos = DEFAULT_FLUSH_NANOS;
    private boolean recording = true;
    private StackFetch stackFetch = StackFetch.AUTO;
    private boolean stats;
    private long lockThresholdNanos = EventSettings.DEFAULT_LOCK_THRESHOLD_NANOS;

    private AgentOptions() {
    }

    /** Parses the agent's option string (null or empty: all defaults); throws IllegalArgumentException with a one-line message. */
    public static AgentOptions parse(String text) {
        AgentOptions options = new AgentOptions();
        if (text == null || text.trim().isEmpty()) return options;
        OptionText.forEach(text, options::set);
        if (options.flushNanos < options.intervalNanos) {
            throw new IllegalArgumentException("flush (" + options.flushNanos + " ns) must not be shorter than interval ("
                    + options.intervalNanos + " ns)");
        }
        return options;
    }

    private void set(String key, String value) {
        switch (key) {
            case "mode":
                mode = parseMode(value);
                break;
            case "lockthreshold":
                lockThresholdNanos = parseTime(key, value);
                break;
            case "interval":
                intervalNanos = parseTime(key, value);
                if (intervalNanos < MIN_INTERVAL_NANOS) {
                    throw new IllegalArgumentException("interval must be at least 100us, got '" + value + "'");
                }
                break;
            case "flush":
                flushNanos = parseTime(key, value);
                if (flushNanos < 1_000_000 || flushNanos > 600_000_000_000L) {
                    throw new IllegalArgumentException("flush must be between 1ms and 10m, got '" + value + "'");
                }
                break;
            case "file":
                if (value.isEmpty()) throw new IllegalArgumentException("file must not be empty");
                file = value;
                break;
            case "engine":
                switch (value.toLowerCase(Locale.ROOT)) {
                    case "auto": engine = Engine.AUTO; break;
                    case "execution-sample": engine = Engine.EXECUTION_SAMPLE; break;
                    case "cpu-time": engine = Engine.CPU_TIME; break;
                    default:
                        throw new IllegalArgumentException("unknown engine '" + value + "' (expected auto, execution-sample or cpu-time)");
                }
                break;
            case "recording":
                switch (value.toLowerCase(Locale.ROOT)) {
                    case "jfr": recording = true; break;
                    case "none": recording = false; break;
                    default: throw new IllegalArgumentException("unknown recording '" + value + "' (expected jfr or none)");
                }
                break;
            case "stacks":
                switch (value.toLowerCase(Locale.ROOT)) {
                    case "auto": stackFetch = StackFetch.AUTO; break;
                    case "handshake": stackFetch = StackFetch.HANDSHAKE; break;
                    case "dump": stackFetch = StackFetch.DUMP; break;
                    default: throw new IllegalArgumentException("unknown stacks '" + value + "' (expected auto, handshake or dump)");
                }
                break;
            case "stats":
                stats = parseBoolean(key, value);
                break;
            default:
                throw new IllegalArgumentException("unknown option '" + key + "' (known: mode, interval, file, engine, flush, recording, stacks, stats, lockThreshold)");
        }
    }

    /** The modes in their order: cpu or wall, then alloc, then lock (the order of the engines in jprof.RecordingInfo). */
    private static String parseMode(String value) {
        String threads = null;
        boolean alloc = false;
        boolean lock = false;
        for (String part : value.toLowerCase(Locale.ROOT).split("\\+", -1)) {
            switch (part) {
                case "cpu":
                case "wall":
                    if (threads != null && !threads.equals(part)) {
                        throw new IllegalArgumentException("modes cpu and wall do not go together, got '" + value + "'");
                    }
                    threads = part;
                    break;
                case "alloc": alloc = true; break;
                case "lock": lock = true; break;
                default:
                    throw new IllegalArgumentException("unknown mode '" + value + "' (expected cpu, wall, alloc or lock, or several joined by '+')");
            }
        }
        StringBuilder mode = new StringBuilder(threads == null ? "" : threads);
        if (alloc) mode.append(mode.length() > 0 ? "+" : "").append("alloc");
        if (lock) mode.append(mode.length() > 0 ? "+" : "").append("lock");
        return mode.toString();
    }

    private static boolean parseBoolean(String key, String value) {
        if (value.equalsIgnoreCase("true")) return true;
        if (value.equalsIgnoreCase("false")) return false;
        throw new IllegalArgumentException(key + " must be true or false, got '" + value + "'");
    }

    /** Nanoseconds, or a number followed by ns, us, ms, s or m. */
    public static long parseTime(String key, String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        int i = 0;
        while (i < v.length() && Character.isDigit(v.charAt(i))) i++;
        if (i == 0) throw new IllegalArgumentException(key + " must be a time like 10000000 (ns) or 10ms, got '" + value + "'");
        long number;
        try {
            number = Long.parseLong(v.substring(0, i));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " is too large: '" + value + "'");
        }
        String unit = v.substring(i).trim();
        long factor;
        switch (unit) {
            case "": case "ns": factor = 1; break;
            case "us": factor = 1_000; break;
            case "ms": factor = 1_000_000; break;
            case "s": factor = 1_000_000_000; break;
            case "m": factor = 60_000_000_000L; break;
            default:
                throw new IllegalArgumentException(key + " has an unknown unit '" + unit + "' (use ns, us, ms, s or m)");
        }
        if (number > Long.MAX_VALUE / factor) throw new IllegalArgumentException(key + " is too large: '" + value + "'");
        return number * factor;
    }

    /** The modes joined by '+' in their order: cpu or wall, alloc, lock. */
    public String mode() {
        return mode;
    }

    /** Whether threads are sampled (cpu or wall). */
    public boolean threads() {
        return mode.startsWith("cpu") || mode.startsWith("wall");
    }

    /** Whether allocations are sampled, alone or beside other modes. */
    public boolean allocations() {
        return mode.contains("alloc");
    }

    /** Whether lock waits are recorded, alone or beside other modes. */
    public boolean locks() {
        return mode.endsWith("lock");
    }

    public boolean wall() {
        return mode.startsWith("wall");
    }

    /** The thread sampling mode (cpu or wall) without the allocations. */
    public String threadMode() {
        return wall() ? "wall" : "cpu";
    }

    public long lockThresholdNanos() {
        return lockThresholdNanos;
    }

    public long intervalNanos() {
        return intervalNanos;
    }

    public String file() {
        return file;
    }

    /** The file with %p replaced by the pid. */
    public String file(long pid) {
        return file.replace("%p", Long.toString(pid));
    }

    public Engine engine() {
        return engine;
    }

    public long flushNanos() {
        return flushNanos;
    }

    public boolean recording() {
        return recording;
    }

    public StackFetch stackFetch() {
        return stackFetch;
    }

    public boolean stats() {
        return stats;
    }
}
