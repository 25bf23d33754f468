package dev.jprof.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Order statistics and ratios for a handful of measurements (no assumption of normality). */
public final class Stats {
    private Stats() {
    }

    /** The median; the mean of the two middle values for an even count. */
    public static double median(List<Double> values) {
        double[] sorted = sorted(values);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    public static double min(List<Double> values) {
        return sorted(values)[0];
    }

    public static double max(List<Double> values) {
        double[] sorted = sorted(values);
        return sorted[sorted.length - 1];
    }

    /** median(variant) / median(baseline). */
    public static double ratioOfMedians(List<Double> variant, List<Double> baseline) {
        return median(variant) / median(baseline);
    }

    /**
     * variant[i] / baseline[i] for each round i in which both were measured (a NaN marks a failed run and
     * drops that round's pair).
     */
    public static List<Double> pairedRatios(List<Double> variant, List<Double> baseline) {
        if (variant.size() != baseline.size()) {
            throw new IllegalArgumentException("paired lists differ in length: " + variant.size() + " vs " + baseline.size());
        }
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < variant.size(); i++) {
            double v = variant.get(i);
            double b = baseline.get(i);
            if (Double.isNaN(v) || Double.isNaN(b) || b == 0) continue;
            ratios.add(v / b);
        }
        return ratios;
    }

    /** variant[i] − baseline[i] for each round in which both were measured (for start-up costs in seconds). */
    public static List<Double> pairedDifferences(List<Double> variant, List<Double> baseline) {
        if (variant.size() != baseline.size()) {
            throw new IllegalArgumentException("paired lists differ in length: " + variant.size() + " vs " + baseline.size());
        }
        List<Double> diffs = new ArrayList<>();
        for (int i = 0; i < variant.size(); i++) {
            double v = variant.get(i);
            double b = baseline.get(i);
            if (Double.isNaN(v) || Double.isNaN(b)) continue;
            diffs.add(v - b);
        }
        return diffs;
    }

    /**
     * A distribution-free confidence interval for the median: the order statistics x(k) and x(n+1-k) for the
     * largest k whose coverage, 1 - 2 P(Binomial(n, 1/2) < k), is at least {@code level}. With fewer values
     * than that level allows (n &lt; 6 at 95%), the whole range, min–max, and its lower coverage.
     *
     * @return {lower, upper, coverage}
     */
    public static double[] medianInterval(List<Double> values, double level) {
        double[] sorted = sorted(values);
        int n = sorted.length;
        int k = 1;
        while (k + 1 <= (n + 1) / 2 && coverage(n, k + 1) >= level) k++;
        return new double[] {sorted[k - 1], sorted[n - k], coverage(n, k)};
    }

    /** 1 - 2 P(Binomial(n, 1/2) &lt;= k - 1): how often [x(k), x(n+1-k)] holds the true median. */
    static double coverage(int n, int k) {
        double below = 0;
        double term = Math.pow(0.5, n);
        for (int i = 0; i < k; i++) {
            below += term;
            term = term * (n - i) / (i + 1);
        }
        return Math.max(0, 1 - 2 * below);
    }

    /** The values without NaNs (failed runs). */
    public static List<Double> measured(List<Double> values) {
        return values.stream().filter(v -> !Double.isNaN(v)).toList();
    }

    private static double[] sorted(List<Double> values) {
        if (values.isEmpty()) throw new IllegalArgumentException("no values");
        double[] a = values.stream().mapToDouble(Double::doubleValue).toArray();
        for (double v : a) {
            if (Double.isNaN(v)) throw new IllegalArgumentException("NaN among the values: " + values);
        }
        Arrays.sort(a);
        return a;
    }
}
