package dev.jprof.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** How the benchmarks start jprof: as the {@code ./jprof} launcher does, with the same JVM flags. */
public final class JprofJvm {
    /** The launcher's default JPROF_JAVA_OPTS. */
    public static final List<String> FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private JprofJvm() {
    }

    /** {@code java <launcher flags> -jar jprof.jar ARGS...} */
    public static List<String> command(String java, Path jar, String... args) {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(FLAGS);
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(List.of(args));
        return command;
    }

    /** The command as BENCHMARKS.md shows it. */
    public static String shown() {
        return "java " + String.join(" ", FLAGS) + " -jar jprof.jar";
    }
}
