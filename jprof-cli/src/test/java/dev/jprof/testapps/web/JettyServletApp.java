package dev.jprof.testapps.web;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * An embedded Jetty 12 (ee10, Jakarta Servlet 6) on 127.0.0.1 and a free port: a {@link TextServlet} for each
 * {@link TextEndpoint}. Arguments: those of {@link ServerLife}. Prints "ready PID PORT".
 */
public final class JettyServletApp {
    private JettyServletApp() {
    }

    public static void main(String[] args) throws Exception {
        ServerLife life = ServerLife.prepare(args);
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        for (TextEndpoint endpoint : TextEndpoint.all()) {
            ServletHolder holder = context.addServlet(TextServlet.class, endpoint.path);
            holder.setInitParameter(TextServlet.ANSWER, endpoint.answer);
            holder.setInitParameter(TextServlet.MODE, endpoint.mode.name());
            holder.setAsyncSupported(endpoint.async());
        }
        server.setHandler(context);
        server.start();
        life.serve(connector.getLocalPort());
        server.stop();
        System.exit(0);
    }
}
