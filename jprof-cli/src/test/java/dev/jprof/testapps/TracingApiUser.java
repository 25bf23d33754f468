package dev.jprof.testapps;

import dev.jprof.capture.trace.Tracing;
import dev.jprof.model.Profile;
import dev.jprof.transform.CallStats;

/** Traces fib(15) twice through the library API and prints each run's "name ncalls" per method. */
public final class TracingApiUser {
    private TracingApiUser() {
    }

    static int fib(int n) {
        return n < 2 ? n : fib(n - 1) + fib(n - 2);
    }

    public static void main(String[] args) throws Exception {
        fib(10); // before tracing: not counted
        for (int run = 0; run < 2; run++) {
            Tracing tracing = Tracing.start(TracingApiUser.class.getName() + "::fib");
            int result = fib(15);
            Profile profile = tracing.stop();
            fib(10); // after: not counted
            for (CallStats.Row row : CallStats.of(profile).rows()) System.out.println(row.name() + " " + row.ncalls() + " " + result);
        }
    }
}
