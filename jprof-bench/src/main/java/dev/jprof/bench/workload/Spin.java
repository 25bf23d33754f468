package dev.jprof.bench.workload;

/** Burns CPU on the main thread for the given seconds (a probe target for the peers). */
public final class Spin {
    private Spin() {
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 1;
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long x = 1;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 10_000; i++) x = x * 6364136223846793005L + 1442695040888963407L;
        }
        System.out.println(x == 42 ? "" : "spun " + seconds + " s");
    }
}
