package dev.jprof.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.params.provider.Arguments;

/** Runs the built jprof.jar as a user would, in its own JVM. */
final class Jprof {
    static final Path JAR = Path.of(System.getProperty("jprof.jar", "target/jprof.jar"));
    static final Path TEST_CLASSES = Path.of(System.getProperty("jprof.testClasses", "target/test-classes"));

    record Result(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }

    private Jprof() {
    }

    static String java17() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The Temurin JDK 25 installed beside the default JDK, when present. */
    static Optional<String> java25() {
        try (var dirs = Files.list(Path.of("/usr/lib/jvm"))) {
            return dirs.filter(d -> d.getFileName().toString().startsWith("temurin-25"))
                    .map(d -> d.resolve("bin/java"))
                    .filter(Files::isExecutable)
                    .map(Path::toString)
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** JDK 17 and, when installed, JDK 25. */
    static Stream<String> jdks() {
        return Stream.concat(Stream.of(java17()), java25().stream());
    }

    /** Both engines that load here, async-profiler and JFR, on each of {@link #jdks}. */
    static Stream<Arguments> jdksAndEngines() {
        return jdks().flatMap(java -> Stream.of("async", "jfr").map(engine -> Arguments.of(java, engine)));
    }

    static Result run(Path workDir, String... args) throws IOException, InterruptedException {
        return run(workDir, java.util.Map.of(), args);
    }

    /** Runs jprof with these variables added to its environment (which the JVMs it launches inherit). */
    static Result run(Path workDir, java.util.Map<String, String> environment, String... args) throws IOException, InterruptedException {
        return run(workDir, environment, List.of(), args);
    }

    /** Runs jprof in a JVM whose heap may not grow beyond {@code maxHeap} ("64m"): a bound on jprof's own memory. */
    static Result runWithHeap(Path workDir, String maxHeap, String... args) throws IOException, InterruptedException {
        return run(workDir, java.util.Map.of(), List.of("-Xmx" + maxHeap), args);
    }

    private static Result run(Path workDir, java.util.Map<String, String> environment, List<String> jvmOptions, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(java17()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", JAR.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(workDir, "stdout", ".txt");
        Path err = Files.createTempFile(workDir, "stderr", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("jprof did not finish in 120 s: " + command);
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
