package dev.jprof.testapps.web;

import org.eclipse.jetty.ee8.servlet.ServletContextHandler;
import org.eclipse.jetty.ee8.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.util.Map;

/**
 * An embedded Jetty 12 with its ee8 environment (javax.servlet, Servlet 4) on 127.0.0.1 and a free port:
 * {@link JavaxTextServlet}s /split, /sql and /hello. Arguments: those of {@link ServerLife}. Prints "ready PID PORT".
 */
public final class JettyJavaxServletApp {
    private JettyJavaxServletApp() {
    }

    public static void main(String[] args) throws Exception {
        ServerLife life = ServerLife.prepare(args);
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        for (Map.Entry<String, Answer> e : Answer.byPath().entrySet()) context.addServlet(new ServletHolder(new JavaxTextServlet(e.getValue())), e.getKey());
        server.setHandler(context);
        server.start();
        life.serve(connector.getLocalPort());
        server.stop();
        System.exit(0);
    }
}
