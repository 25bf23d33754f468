package dev.jprof.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How the benchmarks start jprof: as the {@code ./jprof} launcher does, with the same JVM flags and, once
 * {@link #prepare} made it, the same class-data archive (CDS) of jprof's own classes for the JDK.
 */
public final class JprofJvm {
    /** The launcher's default JPROF_JAVA_OPTS. */
    public static final List<String> FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    /** What keeps the JVM from saying on stdout that it cannot use an archive. */
    static final List<String> QUIET_CDS = List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off");

    private JprofJvm() {
    }

    /** {@code java <launcher flags> [-XX:SharedArchiveFile=...] -jar jprof.jar ARGS...} */
    public static List<String> command(String java, Path jar, String... args) {
        return command(true, java, jar, args);
    }

    /** As {@link #command}, with {@code JPROF_CDS=0}: without the class-data archive. */
    public static List<String> withoutArchive(String java, Path jar, String... args) {
        return command(false, java, jar, args);
    }

    private static List<String> command(boolean cds, String java, Path jar, String... args) {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(FLAGS);
        Path archive = archive(java, jar);
        if (cds && archive != null && Files.isRegularFile(archive)) {
            command.add("-XX:SharedArchiveFile=" + archive);
            command.addAll(QUIET_CDS);
        }
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(List.of(args));
        return command;
    }

    /**
     * The archive {@code ./jprof} uses for {@code jar} on this JDK: next to the jar, named after the JDK's home
     * (as the script's {@code tr -c 'A-Za-z0-9.-' _} spells it); null when the java binary cannot be resolved.
     */
    static Path archive(String java, Path jar) {
        try {
            Path home = Path.of(java).toRealPath().getParent().getParent();
            String name = jar.getFileName().toString().replaceFirst("\\.jar$", "");
            return jar.resolveSibling(name + "-" + home.toString().replaceAll("[^A-Za-z0-9.-]", "_") + ".jsa");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Makes the archive as {@code ./jprof}'s training run does: {@code record} of the demo program to HTML with
     * {@code -XX:ArchiveClassesAtExit}, moved into place whole. Returns what happened, for the section's header.
     */
    public static String prepare(String java, Path jar, Path workDir) throws IOException, InterruptedException {
        Path archive = archive(java, jar);
        if (archive == null || !Files.isRegularFile(jar)) return "no class-data archive (no jar or no JDK home)";
        Path train = Files.createDirectories(workDir.resolve("cds-training"));
        Path written = train.resolve("jprof.jsa");
        List<String> cmd = new ArrayList<>(List.of(java));
        cmd.addAll(FLAGS);
        cmd.add("-XX:ArchiveClassesAtExit=" + written);
        cmd.addAll(QUIET_CDS);
        cmd.addAll(List.of("-jar", jar.toString(), "record", "-o", train.resolve("training.html").toString(), "--",
                java, "-cp", jar.toString(), "dev.jprof.demo.DemoProgram", "0.3"));
        Timed.Run run = Timed.run(cmd, train, train.resolve("run.log"), null, Map.of(), 120);
        if (!run.ok() || !Files.isRegularFile(written) || Files.size(written) == 0) {
            return "no class-data archive: the training run failed (" + run.failure() + ", log " + run.log() + ")";
        }
        Files.move(written, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return String.format(Locale.ROOT, "class-data archive of jprof's classes made by ./jprof's training run"
                + " (%.1f MB), used by every jprof JVM as ./jprof does", Files.size(archive) / 1e6);
    }

    /** The command as BENCHMARKS.md shows it. */
    public static String shown() {
        return "java " + String.join(" ", FLAGS) + " -jar jprof.jar";
    }

    /** {@code command} with the archive's path shortened to jprof.jsa. */
    public static String shorten(String command, String java, Path jar) {
        Path archive = archive(java, jar);
        return archive == null ? command : command.replace(archive.toString(), "jprof.jsa");
    }
}
