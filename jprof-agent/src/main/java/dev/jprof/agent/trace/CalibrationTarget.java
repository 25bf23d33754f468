package dev.jprof.agent.trace;

/** What {@link Calibration} instruments and runs: an empty method, and a loop that calls it. */
public final class CalibrationTarget {
    private CalibrationTarget() {
    }

    public static void empty() {
    }

    public static void calls(int n) {
        for (int i = 0; i < n; i++) empty();
    }
}
