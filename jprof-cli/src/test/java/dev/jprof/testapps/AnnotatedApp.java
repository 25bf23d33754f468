package dev.jprof.testapps;

import dev.jprof.trace.Traced;

/** Calls fib before, inside and after a {@link Traced} method; only the calls under it are to be counted. */
public final class AnnotatedApp {
    private AnnotatedApp() {
    }

    static int fib(int n) {
        return n < 2 ? n : fib(n - 1) + fib(n - 2);
    }

    @Traced
    static int handle(int n) {
        return fib(n) + helper();
    }

    static int helper() {
        return 1;
    }

    public static void main(String[] args) {
        int before = fib(12);
        int inside = handle(10) + handle(10);
        int after = fib(12) + helper();
        System.out.println("before=" + before + " inside=" + inside + " after=" + after);
    }
}
