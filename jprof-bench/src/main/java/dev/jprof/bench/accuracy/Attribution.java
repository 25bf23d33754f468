package dev.jprof.bench.accuracy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How much weight a profile gives each category of a ground truth: a method (by the deepest frame on the stack
 * that names one of the methods), or a thread. {@code outside} is the weight that fell in no category (other
 * threads, JVM start-up), which the distance leaves out.
 */
public record Attribution(Map<String, Double> weights, double outside) {
    /** The category of stacks through the scored code that reach none of the scored methods. */
    public static final String OTHER = "other";

    /**
     * For each of {@code methods}, the weight of the stacks whose deepest frame among them names it. Only stacks
     * through {@code scope} (package.Class.method) are scored, and those that reach none of the methods count as
     * {@link #OTHER}; with no scope every stack is scored and those are left outside.
     */
    public static Attribution byDeepestFrame(List<StackSample> samples, List<String> methods, String scope) {
        Map<String, Double> weights = zeros(methods);
        if (scope != null) weights.put(OTHER, 0.0);
        double outside = 0;
        for (StackSample s : samples) {
            boolean inScope = scope == null;
            String hit = null;
            for (int i = s.frames().size() - 1; i >= 0; i--) {
                String frame = s.frames().get(i);
                if (hit == null && methods.contains(StackSample.methodName(frame))) hit = StackSample.methodName(frame);
                if (!inScope && StackSample.qualifiedName(frame).equals(scope)) inScope = true;
            }
            if (!inScope) outside += s.weight();
            else if (hit != null) weights.merge(hit, s.weight(), Double::sum);
            else if (scope != null) weights.merge(OTHER, s.weight(), Double::sum);
            else outside += s.weight();
        }
        return new Attribution(weights, outside);
    }

    /** The weight of each thread whose name is among {@code threads}. */
    public static Attribution byThread(List<StackSample> samples, List<String> threads) {
        Map<String, Double> weights = zeros(threads);
        double outside = 0;
        for (StackSample s : samples) {
            if (s.thread() != null && weights.containsKey(s.thread())) weights.merge(s.thread(), s.weight(), Double::sum);
            else outside += s.weight();
        }
        return new Attribution(weights, outside);
    }

    /** The weight inside the categories. */
    public double inside() {
        return weights.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** Each category's share of the weight inside the categories (all zero when nothing fell inside). */
    public Map<String, Double> shares() {
        double total = inside();
        Map<String, Double> shares = new LinkedHashMap<>();
        weights.forEach((k, v) -> shares.put(k, total == 0 ? 0 : v / total));
        return shares;
    }

    private static Map<String, Double> zeros(List<String> keys) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (String k : keys) m.put(k, 0.0);
        return m;
    }
}
