package dev.jprof.bench;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real workload of the overhead benchmark, run in one JVM: its class path, main class and arguments for a run
 * directory (where it writes {@code times.txt}, one line of milliseconds per iteration), the word for one
 * iteration in the tables, and the long paths its commands are shown with shortened.
 */
public record Workload(String id, String iterationName, String classpath, String mainClass, List<String> options,
                       boolean scratchDir, Map<String, String> shortPaths) {

    /** javac (in process) compiling the unpacked commons-lang3 sources; each iteration writes under RUN/javac-out. */
    public static Workload javac(Path classes, Path sources) {
        return new Workload("javac", "javac", classes.toString(), "dev.jprof.bench.workload.JavacDriver",
                List.of(sources.toString()), true, Map.of(sources.toString(), "SRC", classes.toString(), "jprof-bench/target/classes"));
    }

    /** H2 running SQL in an in-memory database: {@code orders} rows per iteration. */
    public static Workload h2(Path classes, Path h2Jar, int orders) {
        return new Workload("h2", "H2", classes + File.pathSeparator + h2Jar, "dev.jprof.bench.workload.H2Driver",
                List.of("--orders", Integer.toString(orders)), false,
                Map.of(classes.toString(), "jprof-bench/target/classes", h2Jar.toString(), "h2.jar"));
    }

    /** The main class and its arguments for {@code iterations} iterations in {@code runDir}. */
    public List<String> command(Path runDir, int iterations) {
        List<String> cmd = new ArrayList<>(List.of("-cp", classpath, mainClass));
        if (scratchDir) {
            cmd.addAll(options);
            cmd.add(runDir.resolve(id + "-out").toString());
            cmd.add(Integer.toString(iterations));
        } else {
            cmd.add(Integer.toString(iterations));
            cmd.addAll(options);
        }
        cmd.addAll(List.of("--times", runDir.resolve("times.txt").toString()));
        return cmd;
    }

    /** {@code cmd} with this workload's long paths replaced by their short names. */
    public String shorten(String cmd) {
        String out = cmd;
        // longest first, so a path inside another is not replaced half-way
        List<Map.Entry<String, String>> entries = new ArrayList<>(shortPaths.entrySet());
        entries.sort((a, b) -> b.getKey().length() - a.getKey().length());
        for (Map.Entry<String, String> e : entries) out = out.replace(e.getKey(), e.getValue());
        return out;
    }
}
