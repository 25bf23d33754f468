package dev.jprof.bench;

/** A request the agent profiled, as its results file ({@code requests.txt}) lists it: the path and the server's wall time. */
record ProfiledRun(String path, long wallNanos) {
    /** The run of a {@code request INDEX NONCE METHOD PATH THREAD_ID THREAD_NAME START END WALL_NS ...} line (tab-separated), or null. */
    static ProfiledRun parse(String line) {
        String[] f = line.split("\t", -1);
        if (f.length < 10 || !f[0].equals("request")) return null;
        try {
            return new ProfiledRun(f[4], Long.parseLong(f[9]));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
