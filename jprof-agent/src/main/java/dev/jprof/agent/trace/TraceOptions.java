package dev.jprof.agent.trace;

import dev.jprof.agent.OptionText;

import dev.jprof.agent.AgentOptions;

import java.util.ArrayList;
import java.util.List;

/**
 * The tracing agent's options: {@code trace=wall|cpu|none} first, then {@code key=value} pairs separated by ','.
 *
 * <ul>
 *   <li>{@code include=P;P;...} and {@code exclude=P;...}: method patterns ({@link MethodPattern}); no include
 *       traces every class that is not the JDK's or jprof's.</li>
 *   <li>{@code duration=TIME}: loaded into a running JVM, how long to trace before the classes get their original
 *       code back and the trace is written.</li>
 *   <li>{@code owner=PID}: loaded into a running JVM by that jprof process: should it die before the duration
 *       ends, the classes get their original code back at once and no trace is written.</li>
 *   <li>{@code calibrate=true|false}: measure the hooks' own cost at start, so a reader can subtract it (true).</li>
 *   <li>{@code root=P;P;...}: record only what runs under these methods (for example {@code @Traced}); the
 *       other selected methods are instrumented but count only when called under a root.</li>
 *   <li>{@code file=PATH}: where the trace goes; {@code %p} becomes the pid. Last, since a path may hold ','.
 *       Without it, cProfile's table is printed on stderr at exit (when jprof's core classes are on the
 *       class path, as with -javaagent:jprof.jar; else the trace goes to jprof-PID.trace).</li>
 * </ul>
 */
public final class TraceOptions {
    /** How an option string asks for tracing. */
    public static final String PREFIX = "trace=";

    private Clock clock = Clock.WALL;
    private List<MethodPattern> includes = new ArrayList<>();
    private List<MethodPattern> excludes = new ArrayList<>();
    private List<MethodPattern> roots = new ArrayList<>();
    private long durationNanos;
    private long owner;
    private boolean calibrate = true;
    private String file;

    private TraceOptions() {
    }

    /** The whole option string that ends an attached run early. */
    public static final String STOP = "trace-stop";

    public static boolean isStop(String text) {
        return text != null && text.trim().equals(STOP);
    }

    public static boolean isTrace(String text) {
        return text != null && text.trim().startsWith(PREFIX);
    }

    /** Parses the options; IllegalArgumentException with a one-line message when one is bad. */
    public static TraceOptions parse(String text) {
        TraceOptions options = new TraceOptions();
        OptionText.forEach(text, options::set);
        options.filter(); // refuses the JDK classes that are never traced
        return options;
    }

    private void set(String key, String value) {
        switch (key) {
            case "trace": clock = Clock.parse(value); break;
            case "include": includes = MethodFilter.parseList(value); break;
            case "exclude": excludes = MethodFilter.parseList(value); break;
            case "root": roots = MethodFilter.parseList(value); break;
            case "duration": durationNanos = AgentOptions.parseTime(key, value); break;
            case "owner": owner = parseOwner(value); break;
            case "calibrate": calibrate = !value.equalsIgnoreCase("false"); break;
            case "file":
                if (value.isEmpty()) throw new IllegalArgumentException("file must not be empty");
                file = value;
                break;
            default:
                throw new IllegalArgumentException("unknown option '" + key + "' (known: trace, include, exclude, root, duration, owner, calibrate, file)");
        }
    }

    Clock clock() {
        return clock;
    }

    MethodFilter filter() {
        return new MethodFilter(includes, excludes, roots);
    }

    long durationNanos() {
        return durationNanos;
    }

    /** The pid of the jprof process that loaded the agent, or 0. */
    long owner() {
        return owner;
    }

    private static long parseOwner(String value) {
        try {
            long pid = Long.parseLong(value);
            if (pid > 0) return pid;
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException("owner must be a pid, not '" + value + "'");
    }

    boolean calibrate() {
        return calibrate;
    }

    /** Where the trace goes; null when none was given: the table is printed at exit instead. */
    String file(long pid) {
        return file == null ? null : file.replace("%p", Long.toString(pid));
    }
}
