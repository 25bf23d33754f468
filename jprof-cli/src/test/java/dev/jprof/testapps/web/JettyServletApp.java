package dev.jprof.testapps.web;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.io.IOException;

/**
 * An embedded Jetty 12 (ee10, Jakarta Servlet 6) on 127.0.0.1 and a free port: servlets /split, /sql and /hello.
 * Arguments: seconds to run (then it exits), busy|quiet (a
 * background thread burning CPU all the time, or none). Prints "ready PID PORT".
 */
public final class JettyServletApp {
    private JettyServletApp() {
    }

    public static void main(String[] args) throws Exception {
        SqlWork.setUp();
        SplitWork.warmUp();
        if (args.length < 2 || args[1].equals("busy")) SplitWork.startBackground();
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new Text(() -> SplitWork.run()), "/split");
        context.addServlet(new Text(() -> SqlWork.run()), "/sql");
        context.addServlet(new Text(() -> "hello\n"), "/hello");
        server.setHandler(context);
        server.start();
        System.out.println("ready " + ProcessHandle.current().pid() + " " + connector.getLocalPort());
        System.out.flush();
        Thread.sleep(Long.parseLong(args.length > 0 ? args[0] : "120") * 1000);
        server.stop();
        System.exit(0);
    }

    interface Work {
        String run() throws Exception;
    }

    static final class Text extends HttpServlet {
        private final transient Work work;

        Text(Work work) {
            this.work = work;
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            String text;
            try {
                text = work.run();
            } catch (Exception e) {
                throw new IOException(e);
            }
            response.setContentType("text/plain");
            response.getWriter().write(text);
        }
    }

}
