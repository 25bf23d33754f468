package dev.jprof.testapps.web;

import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

import java.nio.file.Files;
import java.util.Map;

/**
 * An embedded Tomcat 11 (Jakarta Servlet 6.1) on 127.0.0.1 and a free port: {@link TextServlet}s /split, /sql,
 * /hello, and /async and /async-dispatch (the work of /split, on another thread: {@link TextServlet.Mode}).
 * Arguments: those of {@link ServerLife}. Prints "ready PID PORT".
 */
public final class TomcatServletApp {
    private TomcatServletApp() {
    }

    public static void main(String[] args) throws Exception {
        ServerLife life = ServerLife.prepare(args);
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("tomcat-").toString());
        Connector connector = new Connector();
        connector.setProperty("address", "127.0.0.1");
        connector.setPort(0);
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", null);
        for (Map.Entry<String, Answer> e : Answer.byPath().entrySet()) add(context, e.getKey(), new TextServlet(e.getValue(), TextServlet.Mode.SYNC));
        add(context, "/async", new TextServlet(SplitWork::run, TextServlet.Mode.ASYNC_COMPLETE)).setAsyncSupported(true);
        add(context, "/async-dispatch", new TextServlet(SplitWork::run, TextServlet.Mode.ASYNC_DISPATCH)).setAsyncSupported(true);
        tomcat.start();
        life.serve(connector.getLocalPort());
        tomcat.stop();
        System.exit(0);
    }

    private static Wrapper add(Context context, String path, TextServlet servlet) {
        Wrapper wrapper = Tomcat.addServlet(context, path, servlet);
        context.addServletMappingDecoded(path, path);
        return wrapper;
    }
}
