package dev.jprof.bench.accuracy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ground-truth programs of jprof-cli's tests ({@code dev.jprof.testapps}, from its test jar), each with the
 * truth it prints to the {@code -Dtestapps.truth} file, the categories a profile is scored on, and whether it is
 * a CPU or a wall-clock truth.
 */
public enum Program {
    CPU_SPLIT("CpuSplit", "dev.jprof.testapps.CpuSplit", false, "dev.jprof.testapps.CpuSplit.run",
            "each of 2 threads spends its measured CPU time 50/30/20% in alpha/beta/gamma") {
        @Override
        public List<String> args(double seconds) {
            return List.of(seconds(seconds), "2");
        }

        @Override
        public List<String> categories() {
            return List.of("alpha", "beta", "gamma");
        }

        @Override
        Map<String, Double> parseTruth(String text) {
            return percentages(text, "split", Map.of("alpha", "alpha", "beta", "beta", "gamma", "gamma"));
        }
    },
    NATIVE_MIX("NativeMix", "dev.jprof.testapps.NativeMix", false, "dev.jprof.testapps.NativeMix.main",
            "the main thread splits its measured CPU time 45/44/11% between compress (zlib's deflate through JNI: native"
                    + " code), allocate (short-lived arrays: TLAB refills, zeroing and young collections inside the VM) and"
                    + " arithmetic (Java code)") {
        @Override
        public List<String> args(double seconds) {
            return List.of(seconds(seconds), "0");
        }

        @Override
        public List<String> categories() {
            return List.of("compress", "allocate", "arithmetic");
        }

        @Override
        public boolean atOneMillisecond() {
            return true;
        }

        @Override
        Map<String, Double> parseTruth(String text) {
            return percentages(text, "split", Map.of("compress", "compress", "allocate", "allocate", "arithmetic", "arithmetic"));
        }
    },
    SLEEP_SPLIT("SleepSplit", "dev.jprof.testapps.SleepSplit", true, "dev.jprof.testapps.SleepSplit.main",
            "the main thread computes (compute) for 30% and sleeps (pause) for 70% of each 100 ms, the wall time of both measured") {
        @Override
        public List<String> args(double seconds) {
            return List.of(seconds(seconds), "30");
        }

        @Override
        public List<String> categories() {
            return List.of("compute", "pause");
        }

        @Override
        Map<String, Double> parseTruth(String text) {
            return percentages(text, "wall", Map.of("compute", "compute", "sleep", "pause"));
        }
    },
    MANY_THREADS("ManyThreads", "dev.jprof.testapps.ManyThreads", false, null,
            "32 busy threads on 2 cores, each thread's CPU time measured; scored per thread (other threads left out)") {
        @Override
        public List<String> args(double seconds) {
            return List.of(seconds(seconds), Integer.toString(THREADS));
        }

        @Override
        public List<String> categories() {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) names.add(String.format(Locale.ROOT, "busy-%02d", i));
            return names;
        }

        @Override
        public boolean byThread() {
            return true;
        }

        @Override
        Map<String, Double> parseTruth(String text) {
            Map<String, Double> truth = new LinkedHashMap<>();
            Matcher m = Pattern.compile("(?m)^(busy-\\d+) cpuMs=(\\d+)$").matcher(text);
            while (m.find()) truth.put(m.group(1), Double.parseDouble(m.group(2)));
            if (truth.size() != THREADS) {
                throw new IllegalArgumentException("truth has " + truth.size() + " of " + THREADS + " busy-NN cpuMs lines");
            }
            return truth;
        }
    },
    SAFEPOINT_BIAS("SafepointBias", "dev.jprof.testapps.SafepointBias", false, "dev.jprof.testapps.SafepointBias.work",
            "a worker loop calls hotLoop (no safepoint poll) and cheapCall (has the poll); the truth is the time of one call of"
                    + " each, timed alone after the run (~99% / ~1%)") {
        @Override
        public List<String> args(double seconds) {
            return List.of(seconds(seconds));
        }

        @Override
        public List<String> categories() {
            return List.of("hotLoop", "cheapCall");
        }

        @Override
        Map<String, Double> parseTruth(String text) {
            return percentages(text, "bias", Map.of("hotLoop", "hotLoop", "cheapCall", "cheapCall"));
        }
    };

    static final int THREADS = 32;

    private final String id;
    private final String mainClass;
    private final boolean wall;
    private final String scope;
    private final String description;

    Program(String id, String mainClass, boolean wall, String scope, String description) {
        this.id = id;
        this.mainClass = mainClass;
        this.wall = wall;
        this.scope = scope;
        this.description = description;
    }

    public String id() {
        return id;
    }

    public String mainClass() {
        return mainClass;
    }

    /** A wall-clock truth (profilers run in their wall mode) rather than a CPU one. */
    public boolean wall() {
        return wall;
    }

    /**
     * The method (package.Class.method) whose stacks are scored, or null when scored by thread: a stack through it
     * that reaches none of the methods counts as {@link Attribution#OTHER}, whose true share is 0.
     */
    public String scope() {
        return scope;
    }

    public String description() {
        return description;
    }

    /** The program's arguments for a run of about {@code seconds}. */
    public abstract List<String> args(double seconds);

    /** The methods (or threads) the truth and the profiles are compared on. */
    public abstract List<String> categories();

    /** Also run at a 1 ms interval (where the 10 ms and 1 ms figures of a profiler may differ most). */
    public boolean atOneMillisecond() {
        return false;
    }

    /** Scored per thread rather than per method. */
    public boolean byThread() {
        return false;
    }

    /** The true weight of each category, from what the program wrote to its truth file. */
    public Map<String, Double> truth(String text) {
        Map<String, Double> truth = parseTruth(text);
        if (scope != null) truth.put(Attribution.OTHER, 0.0);
        return truth;
    }

    abstract Map<String, Double> parseTruth(String text);

    /** What a profile gives each category. */
    public Attribution attribute(List<StackSample> samples) {
        if (byThread()) return Attribution.byThread(samples, categories());
        return Attribution.byDeepestFrame(samples, categories(), scope);
    }

    /**
     * Reads {@code PREFIX key=12.5% key=87.5% ...} from the line starting with {@code prefix}; {@code keys} maps the
     * program's names to the categories.
     */
    static Map<String, Double> percentages(String text, String prefix, Map<String, String> keys) {
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(prefix) + " (.*)$").matcher(text);
        if (!line.find()) throw new IllegalArgumentException("no '" + prefix + " ...' line in the truth: " + text.strip());
        Map<String, Double> truth = new LinkedHashMap<>();
        Matcher kv = Pattern.compile("(\\w+)=([0-9.]+)%").matcher(line.group(1));
        while (kv.find()) {
            String category = keys.get(kv.group(1));
            if (category != null) truth.put(category, Double.parseDouble(kv.group(2)));
        }
        if (truth.size() != keys.size()) {
            throw new IllegalArgumentException("truth line '" + line.group() + "' lacks one of " + keys.keySet());
        }
        return truth;
    }

    private static String seconds(double s) {
        return s == Math.rint(s) ? Long.toString((long) s) : Double.toString(s);
    }
}
