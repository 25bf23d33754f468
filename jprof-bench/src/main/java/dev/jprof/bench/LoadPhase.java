package dev.jprof.bench;

/**
 * One measured phase of {@link dev.jprof.bench.workload.LoadClient}: {@code requests} requests to {@code path} in
 * {@code seconds}, their median and 99th-percentile latency, and the CPU time of the server's processes meanwhile.
 */
record LoadPhase(String path, int requests, double seconds, long p50Nanos, long p99Nanos, long cpuTicks) {
    /** The phase of a {@code load PATH N SECONDS P50_NS P99_NS CPU_TICKS} line, or null for any other line. */
    static LoadPhase parse(String line) {
        String[] f = line.strip().split(" ");
        if (f.length != 7 || !f[0].equals("load")) return null;
        try {
            return new LoadPhase(f[1], Integer.parseInt(f[2]), Double.parseDouble(f[3]), Long.parseLong(f[4]), Long.parseLong(f[5]),
                    Long.parseLong(f[6]));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    double requestsPerSecond() {
        return requests / seconds;
    }

    /** CPU time of the server's processes per request, from clock ticks of 10 ms. */
    double cpuMicrosPerRequest() {
        return cpuTicks * 10_000.0 / requests;
    }
}
