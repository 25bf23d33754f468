package dev.jprof.testapps;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Ground truth for safepoint bias: nearly all CPU is spent in {@link #hotLoop}, yet a sampler that
 * can only look at a thread when it stops at a safepoint poll blames {@link #cheapCall}.
 *
 * <pre>
 * java dev.jprof.testapps.SafepointBias SECONDS [--naive | --naive=all]
 * </pre>
 *
 * <p>A worker thread named {@value #WORKER_THREAD} runs {@code while (!stop) { s = hotLoop(s); s = cheapCall(s); }}.
 * With {@code --naive} an in-process sampler thread takes {@code worker.getStackTrace()} every 10 ms
 * ({@code --naive=all}: {@code Thread.getAllStackTraces()}), counts the top frame's method and at the end prints
 * <pre>
 * naive hotLoop=0.00 cheapCall=0.99 other=0.01 samples=251
 * naive-other {work=3}
 * </pre>
 * With {@code -Dtestapps.truth=FILE} it also measures and reports the true split ({@link #reportTruth}).
 *
 * <h2>Why the bias, on JDK 17 and 25 with default flags</h2>
 * Both ways of taking a Java stack from another thread (a handshake for {@code getStackTrace}, a global
 * safepoint for {@code getAllStackTraces}) let the target run on until it reaches its next safepoint poll and
 * report the stack there. C2 puts polls at method returns and loop back-edges only; since JDK 10 it also keeps
 * polls in long counted loops (loop strip mining: one poll per {@code LoopStripMiningIter}=1000 iterations),
 * so a big array loop does <em>not</em> show the bias — the poll is inside the hot method. But a counted loop
 * whose trip count C2 can prove is below {@code LoopStripMiningIterShortLoop} (=100) is neither strip-mined
 * nor polled at all. So:
 * <ul>
 * <li>{@code hotLoop} is one counted loop of a constant 64 iterations of dependent multiply/xor-shift work
 *     (~97% of the CPU): it has no poll, and once inlined into {@code work} no return poll either;</li>
 * <li>{@code cheapCall} is a loop whose bound is read from a mutable field, so C2 cannot bound its trip count
 *     and strip-mines it: its outer strip loop holds a poll that runs once per call (inlined into {@code work}
 *     too, the poll's debug info still names {@code cheapCall}). It is the first poll after every
 *     {@code hotLoop}, so a naive sampler's request that arrives during {@code hotLoop} is served there.</li>
 * </ul>
 * Nesting the 64-iteration loop inside another loop would not work: only innermost loops lose their poll,
 * an outer loop keeps the one on its back-edge, which is in {@code hotLoop}. No VM flag is needed.
 *
 * <p>JFR's execution sampler instead suspends the thread wherever it is and maps the exact pc back to a method
 * (precisely only with {@code -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints}), so it sees
 * {@code hotLoop} on top in ~97% of samples.
 */
public final class SafepointBias {
    /** Name of the thread that does the work; profiles should be restricted to it. */
    public static final String WORKER_THREAD = "safepoint-bias-worker";

    private static final int[] DATA = new int[64];

    /** Read by {@link #cheapCall} so that C2 cannot bound its loop's trip count; never changed. */
    private static int cheapIterations = 2;

    private static volatile boolean stop;
    private static volatile long sink;

    private SafepointBias() {
    }

    /** Where the time goes: 64 iterations (constant, &lt; LoopStripMiningIterShortLoop), compiled without a poll. */
    static long hotLoop(long seed) {
        long acc = seed;
        int[] d = DATA;
        for (int i = 0; i < 64; i++) {
            acc = (acc ^ d[i]) * 0x9E3779B97F4A7C15L;
            acc ^= acc >>> 29;
        }
        return acc;
    }

    /** Cheap (two iterations), but its loop of unknown trip count carries a safepoint poll. */
    static long cheapCall(long x) {
        int n = cheapIterations;
        for (int i = 0; i < n; i++) {
            x = x * 31 + i;
        }
        return x;
    }

    static void work() {
        long s = 1;
        while (!stop) {
            s = hotLoop(s);
            s = cheapCall(s);
        }
        sink = s;
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 1) {
            System.err.println("usage: SafepointBias SECONDS [--naive | --naive=all]");
            System.exit(2);
        }
        long nanos = (long) (Double.parseDouble(args[0]) * 1e9);
        String mode = args.length > 1 ? args[1] : "";
        for (int i = 0; i < DATA.length; i++) {
            DATA[i] = i * 0x9E3779B9;
        }

        Thread worker = new Thread(SafepointBias::work, WORKER_THREAD);
        NaiveSampler sampler = mode.startsWith("--naive") ? new NaiveSampler(worker, mode.equals("--naive=all")) : null;
        worker.start();
        if (sampler != null) {
            sampler.start();
        }
        Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        if (sampler != null) {
            sampler.interrupt();
            sampler.join();
        }
        stop = true;
        worker.join();
        if (sampler != null) {
            sampler.report();
        }
        if (System.getProperty("testapps.truth") != null) {
            reportTruth();
        }
        System.out.println("done " + (sink & 1));
    }

    /**
     * The ground truth for the accuracy benchmark, measured on the main thread after the worker stopped (so a
     * profile restricted to {@value #WORKER_THREAD} does not see it): the time of one call of each method, each
     * timed alone in a loop after C2 compiled both, as shares of one {@code hotLoop + cheapCall} iteration.
     * Prints {@code bias hotLoop=98.2% cheapCall=1.8% hotLoopNs=120.1 cheapCallNs=2.2}.
     */
    static void reportTruth() {
        long s = 1;
        for (int i = 0; i < 300_000; i++) {
            s = cheapCall(hotLoop(s));
        }
        double hotNs = Double.MAX_VALUE;
        double cheapNs = Double.MAX_VALUE;
        for (int repeat = 0; repeat < 5; repeat++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < 200_000; i++) {
                s = hotLoop(s);
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < 2_000_000; i++) {
                s = cheapCall(s);
            }
            long t2 = System.nanoTime();
            hotNs = Math.min(hotNs, (t1 - t0) / 200_000.0);
            cheapNs = Math.min(cheapNs, (t2 - t1) / 2_000_000.0);
        }
        sink = s;
        double all = hotNs + cheapNs;
        Truth.report(String.format(Locale.ROOT, "bias hotLoop=%.1f%% cheapCall=%.1f%% hotLoopNs=%.1f cheapCallNs=%.1f",
                100 * hotNs / all, 100 * cheapNs / all, hotNs, cheapNs));
    }

    /** The kind of sampler that JFR's execution sampler replaces: it can only see threads at safepoint polls. */
    private static final class NaiveSampler extends Thread {
        private final Thread target;
        private final boolean allThreads;
        private final Map<String, Integer> topFrames = new TreeMap<>();
        private int samples;

        NaiveSampler(Thread target, boolean allThreads) {
            super("naive-sampler");
            this.target = target;
            this.allThreads = allThreads;
            setDaemon(true);
        }

        @Override
        public void run() {
            try {
                while (!isInterrupted()) {
                    Thread.sleep(10);
                    StackTraceElement[] stack = allThreads ? Thread.getAllStackTraces().get(target) : target.getStackTrace();
                    if (stack == null || stack.length == 0) {
                        continue;
                    }
                    topFrames.merge(stack[0].getMethodName(), 1, Integer::sum);
                    samples++;
                }
            } catch (InterruptedException e) {
                // asked to stop
            }
        }

        void report() {
            int hot = topFrames.getOrDefault("hotLoop", 0);
            int cheap = topFrames.getOrDefault("cheapCall", 0);
            Map<String, Integer> other = new TreeMap<>(topFrames);
            other.remove("hotLoop");
            other.remove("cheapCall");
            double n = Math.max(samples, 1);
            System.out.println(String.format(Locale.ROOT, "naive hotLoop=%.2f cheapCall=%.2f other=%.2f samples=%d",
                    hot / n, cheap / n, (samples - hot - cheap) / n, samples));
            System.out.println("naive-other " + other);
        }
    }
}
