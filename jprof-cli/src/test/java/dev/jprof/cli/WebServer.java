package dev.jprof.cli;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A test web server (dev.jprof.testapps.web) in a JVM of its own, started without jprof, on 127.0.0.1; killed on close. */
final class WebServer implements AutoCloseable {
    enum Kind {
        JDK_HTTP_SERVER("dev.jprof.testapps.web.JdkHttpServerApp"),
        JETTY_SERVLET("dev.jprof.testapps.web.JettyServletApp");

        final String mainClass;

        Kind(String mainClass) {
            this.mainClass = mainClass;
        }
    }

    private final Process process;
    private final long pid;
    private final int port;
    private final Path stderr;

    private WebServer(Process process, long pid, int port, Path stderr) {
        this.process = process;
        this.pid = pid;
        this.port = port;
        this.stderr = stderr;
    }

    /** @param busy whether a background thread burns CPU all the time the server runs */
    static WebServer start(Kind kind, String java, boolean busy) throws Exception {
        String classPath = classPath();
        Path stderr = Files.createTempFile("web-server-", ".err");
        stderr.toFile().deleteOnExit();
        Process process = new ProcessBuilder(List.of(java, "-cp", classPath, kind.mainClass, "240", busy ? "busy" : "quiet"))
                .redirectError(stderr.toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null && !line.startsWith("ready ")) {
            // log lines before ours
        }
        if (line == null) {
            process.waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(kind + " did not start: " + Files.readString(stderr));
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
        String[] f = line.split(" ");
        return new WebServer(process, Long.parseLong(f[1]), Integer.parseInt(f[2]), stderr);
    }

    /**
     * The test classes and their dependencies, without jprof's own jars: a real server has none of jprof on its class
     * path, and with them the agent's classes would come from whatever jprof-agent the local repository holds, not from
     * the agent jar loaded.
     */
    static String classPath() {
        String deps = System.getProperty("jprof.testDependencies");
        if (deps == null || deps.isBlank()) throw new AssertionError("jprof.testDependencies is not set (run through failsafe)");
        StringBuilder path = new StringBuilder(Jprof.TEST_CLASSES.toAbsolutePath().toString());
        for (String entry : deps.split(File.pathSeparator)) {
            if (!Path.of(entry).getFileName().toString().startsWith("jprof-")) path.append(File.pathSeparator).append(entry);
        }
        return path.toString();
    }

    long pid() {
        return pid;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String stderr() throws IOException {
        return Files.readString(stderr);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
