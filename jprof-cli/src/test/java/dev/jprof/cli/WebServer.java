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
        JETTY_SERVLET("dev.jprof.testapps.web.JettyServletApp", "jetty-", "jakarta.servlet-api-"),
        JETTY_JAVAX_SERVLET("dev.jprof.testapps.web.JettyJavaxServletApp", "jetty-", "jakarta.servlet-api-"),
        TOMCAT_SERVLET("dev.jprof.testapps.web.TomcatServletApp", "tomcat-");

        final String mainClass;
        /** How the names of its server's jars begin: a server JVM has no other server's jars on its class path. */
        final List<String> serverJars;

        Kind(String mainClass, String... serverJars) {
            this.mainClass = mainClass;
            this.serverJars = List.of(serverJars);
        }

        boolean leavesOut(String jarName) {
            for (Kind other : values()) {
                for (String prefix : other.serverJars) {
                    if (jarName.startsWith(prefix) && !serverJars.contains(prefix)) return true;
                }
            }
            return false;
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

    /** @param busy whether a background thread burns CPU all the time the server runs (unless {@link #pauseBackground paused}) */
    static WebServer start(Kind kind, String java, boolean busy) throws Exception {
        String classPath = classPath(kind);
        Path stderr = Files.createTempFile("web-server-", ".err");
        stderr.toFile().deleteOnExit();
        Process process = new ProcessBuilder(List.of(java, "-cp", classPath, kind.mainClass, "600", busy ? "busy" : "quiet"))
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
     * The test classes and their dependencies for this kind of server, without jprof's own jars: a real server has
     * none of jprof on its class path, and with them the agent's classes would come from whatever jprof-agent the
     * local repository holds, not from the agent jar loaded. Nor has it the jars of the other servers: Tomcat brings
     * its own copy of the Jakarta Servlet API, of another version than Jetty's.
     */
    static String classPath(Kind kind) {
        String deps = System.getProperty("jprof.testDependencies");
        if (deps == null || deps.isBlank()) throw new AssertionError("jprof.testDependencies is not set (run through failsafe)");
        StringBuilder path = new StringBuilder(Jprof.TEST_CLASSES.toAbsolutePath().toString());
        for (String entry : deps.split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (!name.startsWith("jprof-") && !kind.leavesOut(name)) path.append(File.pathSeparator).append(entry);
        }
        return path.toString();
    }

    /** Pauses the background thread of a busy server, or lets it burn again; the server takes it a moment later. */
    void pauseBackground(boolean pause) throws IOException {
        process.getOutputStream().write((pause ? "pause\n" : "burn\n").getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
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
