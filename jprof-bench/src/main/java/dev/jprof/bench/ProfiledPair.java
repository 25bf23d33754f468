package dev.jprof.bench;

/** The same request sent twice in a row by {@link dev.jprof.bench.workload.LoadClient}, with and without jprof's trigger. */
record ProfiledPair(String path, long profiledNanos, long plainNanos) {
    /** The pair of a {@code pair PATH PROFILED_NS UNPROFILED_NS} line, or null for any other line. */
    static ProfiledPair parse(String line) {
        String[] f = line.strip().split(" ");
        if (f.length != 4 || !f[0].equals("pair")) return null;
        try {
            return new ProfiledPair(f[1], Long.parseLong(f[2]), Long.parseLong(f[3]));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
