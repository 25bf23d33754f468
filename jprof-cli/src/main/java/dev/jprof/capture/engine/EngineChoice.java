package dev.jprof.capture.engine;

import dev.jprof.capture.SamplingSettings;

import java.util.Locale;

/**
 * The engine that samples a target and why. {@code auto} takes async-profiler wherever it loads: it
 * sees time in native code and inside the JVM, which JFR's execution sampler misses before JDK 25,
 * and its fixed cost is the smallest (BENCHMARKS.md); elsewhere, or when asked, JFR.
 *
 * @param engine   the engine to run
 * @param reason   why it was chosen, for the summary line and the profile's attributes
 * @param fallback the one line to tell the user when the engine asked for could not be had, or null
 */
public record EngineChoice(Engine engine, String reason, String fallback) {
    public static final String AUTO = "auto";

    /** @throws IllegalArgumentException for a name that is no engine */
    public static EngineChoice choose(String requested, SamplingSettings settings) {
        String name = requested == null ? AUTO : requested.trim().toLowerCase(Locale.ROOT);
        AsyncEngine async = new AsyncEngine();
        switch (name) {
            case AUTO: {
                String problem = async.unavailable(settings);
                if (problem == null) return new EngineChoice(async, "auto: async-profiler loads here and sees native and JVM time", null);
                return new EngineChoice(new JfrEngine(), "auto: " + problem, null);
            }
            case AsyncEngine.NAME: {
                String problem = async.unavailable(settings);
                if (problem == null) return new EngineChoice(async, "asked for", null);
                return fallback(problem);
            }
            case JfrEngine.NAME:
                return new EngineChoice(new JfrEngine(), "asked for", null);
            default:
                throw new IllegalArgumentException("unknown engine '" + requested + "' (expected auto, async or jfr)");
        }
    }

    /** JFR instead, because async-profiler could not be loaded for {@code why}. */
    public static EngineChoice fallback(String why) {
        return new EngineChoice(new JfrEngine(), "async-profiler could not run: " + why,
                "async-profiler could not run (" + why + "); sampling with JFR instead");
    }
}
