package dev.jprof.agent.trace;

/**
 * The hooks' own cost, measured at start by tracing an empty method many times (Python's
 * profile.calibrate): {@code innerNanos} is the part of a call's hooks that falls inside its own
 * measured time, {@code outerNanos} the whole cost a call's hooks add to its caller's time.
 */
final class Calibration {
    private static final int ROUNDS = 30;
    private static final int CALLS = 20_000;

    final double innerNanos;
    final double outerNanos;

    private Calibration(double innerNanos, double outerNanos) {
        this.innerNanos = innerNanos;
        this.outerNanos = outerNanos;
    }

    static final Calibration NONE = new Calibration(0, 0);

    /** Runs on a thread of its own, whose trace is dropped afterwards. */
    static Calibration measure(MethodRegistry registry) throws InterruptedException {
        int outer = registry.add(Calibration.class.getName(), "outer", "()V", "");
        int inner = registry.add(Calibration.class.getName(), "empty", "()V", "");
        Calibration[] result = {NONE};
        Thread thread = new Thread(() -> {
            try {
                result[0] = run(outer, inner);
            } finally {
                Tracer.forgetCurrent();
            }
        }, "jprof-calibration");
        thread.setDaemon(true);
        thread.start();
        thread.join();
        return result[0];
    }

    private static Calibration run(int outer, int inner) {
        double bestInner = Double.MAX_VALUE;
        double bestOuter = Double.MAX_VALUE;
        ThreadTrace trace = Tracer.current();
        for (int round = 0; round < ROUNDS; round++) {
            int before = trace.nodes;
            long outerTime = nodeTime(trace, 1);
            long innerTime = nodeTime(trace, 2);
            ThreadTrace outerTrace = Tracer.enter(outer);
            for (int i = 0; i < CALLS; i++) {
                ThreadTrace innerTrace = Tracer.enter(inner);
                Tracer.exit(innerTrace, inner);
            }
            Tracer.exit(outerTrace, outer);
            if (before < 3) continue; // the first round creates the nodes
            double in = (nodeTime(trace, 2) - innerTime) / (double) CALLS;
            double outerSelf = (nodeTime(trace, 1) - outerTime) - (nodeTime(trace, 2) - innerTime);
            double out = outerSelf / CALLS + in;
            if (round >= ROUNDS / 2) {
                bestInner = Math.min(bestInner, in);
                bestOuter = Math.min(bestOuter, out);
            }
        }
        return new Calibration(Math.max(0, bestInner), Math.max(0, bestOuter));
    }

    private static long nodeTime(ThreadTrace trace, int node) {
        return node < trace.nodes ? trace.time[node] : 0;
    }
}
