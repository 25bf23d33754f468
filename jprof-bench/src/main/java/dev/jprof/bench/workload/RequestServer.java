package dev.jprof.bench.workload;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The request benchmark's server: an embedded Jetty 12 (ee10, Jakarta Servlet 6) on 127.0.0.1 and a free port, with
 * {@code /hello} (a constant text) and {@code /work} (a fixed amount of work: {@link #WORK_DIGESTS} chained SHA-256
 * digests of 1 KB, a few milliseconds of CPU, and a small JSON-like answer). A fixed amount of work, not a fixed time,
 * so that anything a profiler adds to the request's thread shows in its latency.
 *
 * <p>Usage: {@code RequestServer [maxSeconds=600]}. Prints {@code ready PID PORT} once it serves.
 */
public final class RequestServer {
    public static final int WORK_DIGESTS = 3000;

    private RequestServer() {
    }

    public static void main(String[] args) throws Exception {
        long maxSeconds = args.length > 0 ? Long.parseLong(args[0]) : 600;
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new Hello(), "/hello");
        context.addServlet(new Work(), "/work");
        server.setHandler(context);
        server.start();
        System.out.println("ready " + ProcessHandle.current().pid() + " " + connector.getLocalPort());
        System.out.flush();
        Thread.sleep(maxSeconds * 1000);
        server.stop();
        System.exit(0);
    }

    static final class Hello extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/plain");
            response.getWriter().write("hello\n");
        }
    }

    static final class Work extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("application/json");
            response.getWriter().write("{\"digest\":\"" + HexFormat.of().formatHex(digests(WORK_DIGESTS)) + "\"}\n");
        }
    }

    static byte[] digests(int count) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] block = new byte[1024];
            byte[] digest = "jprof".getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < count; i++) {
                System.arraycopy(digest, 0, block, (i * 32) % (block.length - 32), digest.length);
                digest = sha.digest(block);
            }
            return digest;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
