package dev.jprof.testapps.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * A server on the JDK's com.sun.net.httpserver, 127.0.0.1 on a free port: /split (a lambda handler), /sql (a
 * handler class), /hello (a constant text). Arguments: those of {@link ServerLife}. Prints "ready PID PORT".
 */
public final class JdkHttpServerApp {
    private JdkHttpServerApp() {
    }

    public static void main(String[] args) throws Exception {
        ServerLife life = ServerLife.prepare(args);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/split", exchange -> answer(exchange, SplitWork.run()));
        server.createContext("/sql", new SqlHandler());
        server.createContext("/hello", exchange -> answer(exchange, "hello\n"));
        server.start();
        life.serve(server.getAddress().getPort());
        server.stop(0);
        System.exit(0);
    }

    static void answer(HttpExchange exchange, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/plain");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    static final class SqlHandler implements HttpHandler {
        @Override
        public void handle(HttpExchange exchange) throws IOException {
            try {
                answer(exchange, SqlWork.run());
            } catch (java.sql.SQLException e) {
                throw new IOException(e);
            }
        }
    }
}
