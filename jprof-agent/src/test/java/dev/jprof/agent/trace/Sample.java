package dev.jprof.agent.trace;

import java.util.function.IntUnaryOperator;

/** Code of every shape the tracer instruments: recursion, throws, constructors, a static initialiser, lambdas. */
class Sample {
    static final int BASE;

    static {
        BASE = Integer.parseInt("3");
    }

    final int value;

    Sample(int value) {
        super();
        this.value = value < 0 ? -value : value;
    }

    Sample() {
        this(new Sample(BASE).value + 1);
    }

    static int fib(int n) {
        return n < 2 ? n : fib(n - 1) + fib(n - 2);
    }

    static int fail(int i) {
        if (i >= 0) throw new IllegalStateException("fail " + i);
        return i;
    }

    static int catchAll(int times) {
        int caught = 0;
        for (int i = 0; i < times; i++) {
            try {
                fail(i);
            } catch (IllegalStateException e) {
                caught++;
            }
        }
        return caught;
    }

    static int lambdas(int times) {
        IntUnaryOperator twice = x -> x * 2;
        int sum = 0;
        for (int i = 0; i < times; i++) sum += twice.applyAsInt(i);
        return sum;
    }

    static long wide(long a, double b, int[] c, String d) {
        long r = a;
        for (int x : c) r += x;
        return r + (long) b + d.length();
    }
}
