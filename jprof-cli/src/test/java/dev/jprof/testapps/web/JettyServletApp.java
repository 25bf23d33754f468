package dev.jprof.testapps.web;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.util.Map;

/**
 * An embedded Jetty 12 (ee10, Jakarta Servlet 6) on 127.0.0.1 and a free port: {@link TextServlet}s /split, /sql,
 * /hello, and /async and /async-dispatch (the work of /split, on another thread: {@link TextServlet.Mode}).
 * Arguments: those of {@link ServerLife}. Prints "ready PID PORT".
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
        for (Map.Entry<String, Answer> e : Answer.byPath().entrySet()) context.addServlet(new TextServlet(e.getValue(), TextServlet.Mode.SYNC), e.getKey());
        add(context, "/async", TextServlet.Mode.ASYNC_COMPLETE);
        add(context, "/async-dispatch", TextServlet.Mode.ASYNC_DISPATCH);
        server.setHandler(context);
        server.start();
        life.serve(connector.getLocalPort());
        server.stop();
        System.exit(0);
    }

    private static void add(ServletContextHandler context, String path, TextServlet.Mode mode) {
        ServletHolder holder = new ServletHolder(new TextServlet(SplitWork::run, mode));
        holder.setAsyncSupported(true);
        context.addServlet(holder, path);
    }
}
