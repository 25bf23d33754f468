package dev.jprof.agent.trace;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.List;

/**
 * The hooks' own cost, measured at start the way traced code pays it (Python's profile.calibrate):
 * {@link CalibrationTarget} is instrumented with this run's hooks, loaded in a class loader of its own,
 * and its loop calls the empty method many times. {@code innerNanos} is the part of a call's hooks that
 * falls inside its own measured time, {@code outerNanos} the whole cost a call's hooks add to its caller's
 * time.
 */
final class Calibration {
    private static final int ROUNDS = 60;
    private static final int CALLS = 20_000;
    private static final String TARGET = CalibrationTarget.class.getName();

    final double innerNanos;
    final double outerNanos;

    private Calibration(double innerNanos, double outerNanos) {
        this.innerNanos = innerNanos;
        this.outerNanos = outerNanos;
    }

    static final Calibration NONE = new Calibration(0, 0);

    /** Runs on a thread of its own, whose trace is dropped afterwards. */
    static Calibration measure(MethodRegistry registry) throws Exception {
        int first = registry.size();
        Method calls = instrumented(registry).getMethod("calls", int.class);
        int outer = -1;
        int inner = -1;
        for (int id = first; id < registry.size(); id++) {
            if (registry.name(id).equals("calls")) outer = id;
            if (registry.name(id).equals("empty")) inner = id;
        }
        if (outer < 0 || inner < 0) return NONE;
        Tracer.markRoot(outer); // so that it counts when only calls under roots do
        int outerId = outer;
        int innerId = inner;
        Calibration[] result = {NONE};
        Throwable[] failure = {null};
        Thread thread = new Thread(() -> {
            try {
                result[0] = run(calls, outerId, innerId);
            } catch (Throwable t) {
                failure[0] = t;
            } finally {
                Tracer.forgetCurrent();
            }
        }, "jprof-calibration");
        thread.setDaemon(true);
        thread.start();
        thread.join();
        if (failure[0] != null) throw new IllegalStateException("calibration failed: " + failure[0], failure[0]);
        return result[0];
    }

    private static Class<?> instrumented(MethodRegistry registry) throws IOException, ClassNotFoundException {
        byte[] original;
        try (InputStream in = Calibration.class.getResourceAsStream("CalibrationTarget.class")) {
            if (in == null) throw new IOException("CalibrationTarget.class not found");
            original = in.readAllBytes();
        }
        MethodFilter all = new MethodFilter(List.of(MethodPattern.parse(TARGET)), List.of());
        byte[] traced = new TraceTransformer(all, registry).instrument(original, TARGET);
        ClassLoader loader = new ClassLoader(Calibration.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (!name.equals(TARGET)) return super.loadClass(name, resolve);
                synchronized (getClassLoadingLock(name)) {
                    Class<?> loaded = findLoadedClass(name);
                    return loaded != null ? loaded : defineClass(name, traced, 0, traced.length);
                }
            }
        };
        return Class.forName(TARGET, true, loader);
    }

    private static Calibration run(Method calls, int outer, int inner) throws Exception {
        double[] inners = new double[ROUNDS / 2];
        double[] outers = new double[ROUNDS / 2];
        ThreadTrace trace = Tracer.current();
        for (int round = 0; round < ROUNDS; round++) {
            int outerNode = trace.child(0, outer);
            int innerNode = trace.child(outerNode, inner);
            long outerTime = trace.time[outerNode];
            long innerTime = trace.time[innerNode];
            calls.invoke(null, CALLS);
            if (round < ROUNDS / 2) continue; // warm-up: the JIT compiles the loop and the hooks
            double in = (trace.time[innerNode] - innerTime) / (double) CALLS;
            double outerSelf = (trace.time[outerNode] - outerTime) - (trace.time[innerNode] - innerTime);
            inners[round - ROUNDS / 2] = in;
            outers[round - ROUNDS / 2] = outerSelf / CALLS + in;
        }
        return new Calibration(Math.max(0, median(inners)), Math.max(0, median(outers)));
    }

    /** The typical round, as traced code pays it: the best one would miss the clock's usual cost on a busy machine. */
    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
