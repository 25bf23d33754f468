package dev.jprof.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A running {@code dev.jprof.testapps.LiveTarget} (spinner, sleeper, two deadlocked threads), killed on close. */
final class LiveJvm implements AutoCloseable {
    private final Process process;
    private final long pid;

    private LiveJvm(Process process, long pid) {
        this.process = process;
        this.pid = pid;
    }

    /** Starts LiveTarget with {@code idleThreads} more threads, exiting by itself after {@code seconds}. */
    static LiveJvm start(String java, int idleThreads, int seconds, String... jvmOptions) throws Exception {
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", Jprof.TEST_CLASSES.toAbsolutePath().toString(), "dev.jprof.testapps.LiveTarget",
                Integer.toString(idleThreads), Integer.toString(seconds)));
        Path stderr = Files.createTempFile("live-target-", ".err");
        stderr.toFile().deleteOnExit();
        Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null && !line.startsWith("ready ")) {
            // JVM log lines before ours
        }
        if (line == null) {
            process.waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("LiveTarget did not start: " + Files.readString(stderr));
        }
        Thread drain = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // keep the pipe from filling
                }
            } catch (IOException e) {
                // gone
            }
        });
        drain.setDaemon(true);
        drain.start();
        return new LiveJvm(process, Long.parseLong(line.substring("ready ".length()).trim()));
    }

    long pid() {
        return pid;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    boolean waitFor(long seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
