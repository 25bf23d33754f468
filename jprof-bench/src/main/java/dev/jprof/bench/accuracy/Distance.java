package dev.jprof.bench.accuracy;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Distances between two distributions over the same categories. */
public final class Distance {
    private Distance() {
    }

    /**
     * The total-variation distance 0.5·Σ|p−q| between two distributions, each given as non-negative weights
     * (normalised here; a category missing from one side has weight 0 there): 0 for equal distributions, 1 for
     * disjoint ones. An empty side (no weight at all) is at distance 1 from anything.
     */
    public static double totalVariation(Map<String, Double> p, Map<String, Double> q) {
        double sp = sum(p);
        double sq = sum(q);
        if (sp == 0 || sq == 0) return 1;
        Set<String> keys = new HashSet<>(p.keySet());
        keys.addAll(q.keySet());
        double d = 0;
        for (String k : keys) d += Math.abs(p.getOrDefault(k, 0.0) / sp - q.getOrDefault(k, 0.0) / sq);
        return d / 2;
    }

    private static double sum(Map<String, Double> m) {
        double s = 0;
        for (double v : m.values()) {
            if (v < 0 || Double.isNaN(v)) throw new IllegalArgumentException("not a weight: " + v + " in " + m);
            s += v;
        }
        return s;
    }
}
