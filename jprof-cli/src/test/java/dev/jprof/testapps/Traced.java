package dev.jprof.testapps;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * Methods with known call counts for the tracer: fib(n) (2·F(n+1)−1 calls), mutual recursion
 * (isEven/isOdd), methods that throw and are caught, constructors, a static initialiser, lambdas,
 * and 8 threads calling the same method a known number of times. Prints a result line and exits with
 * code 3 (argument "exit" ends through System.exit from inside a traced method). On stderr, the time
 * its calls of sleepy took as measured around them.
 */
public final class Traced {
    public static final int FIB_N = 20;
    public static final int THREADS = 8;
    public static final int CALLS_PER_THREAD = 10_000;
    public static final int THROWS = 100;
    public static final int OBJECTS = 50;
    public static final int LAMBDA_CALLS = 30;
    public static final int SLEEPS = 5;
    public static final long SLEEP_MILLIS = 50;

    static final List<String> LOG;

    static {
        LOG = new ArrayList<>();
    }

    private final int value;

    Traced(int value) {
        this.value = value;
    }

    Traced() {
        this(7);
    }

    static int fib(int n) {
        return n < 2 ? n : fib(n - 1) + fib(n - 2);
    }

    static boolean isEven(int n) {
        return n == 0 || isOdd(n - 1);
    }

    static boolean isOdd(int n) {
        return n != 0 && isEven(n - 1);
    }

    static void fail(int i) {
        if (i >= 0) throw new IllegalStateException("fail " + i);
    }

    static int failAndCatch() {
        int caught = 0;
        for (int i = 0; i < THROWS; i++) {
            try {
                fail(i);
            } catch (IllegalStateException e) {
                caught++;
            }
        }
        return caught;
    }

    static long work(long x) {
        return x * 31 + 7;
    }

    static void sleepy() throws InterruptedException {
        Thread.sleep(SLEEP_MILLIS);
    }

    public static void main(String[] args) throws Exception {
        int fib = fib(FIB_N);
        boolean even = isEven(10);
        int caught = failAndCatch();
        int sum = 0;
        for (int i = 0; i < OBJECTS; i++) sum += new Traced(i).value;
        sum += new Traced().value;
        IntUnaryOperator twice = x -> x * 2;
        int lambdas = 0;
        for (int i = 0; i < LAMBDA_CALLS; i++) lambdas += twice.applyAsInt(i);
        long[] totals = new long[THREADS];
        Thread[] threads = new Thread[THREADS];
        for (int t = 0; t < THREADS; t++) {
            int index = t;
            threads[t] = new Thread(() -> {
                long acc = 0;
                for (int i = 0; i < CALLS_PER_THREAD; i++) acc += work(i);
                totals[index] = acc;
            }, "worker-" + t);
            threads[t].start();
        }
        for (Thread thread : threads) thread.join();
        long slept = 0;
        for (int i = 0; i < SLEEPS; i++) {
            long start = System.nanoTime();
            sleepy();
            slept += System.nanoTime() - start;
        }
        System.err.println("sleepy-nanos=" + slept);
        LOG.add("done");
        System.out.println("fib=" + fib + " even=" + even + " caught=" + caught + " sum=" + sum + " lambdas=" + lambdas
                + " work=" + totals[0] + " log=" + LOG);
        if (args.length > 0 && args[0].equals("exit")) exitFromInside();
        System.exit(3);
    }

    static void exitFromInside() {
        System.exit(4);
    }
}
