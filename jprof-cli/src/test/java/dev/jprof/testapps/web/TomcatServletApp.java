package dev.jprof.testapps.web;

import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.loader.WebappLoader;
import org.apache.catalina.startup.Tomcat;

import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An embedded Tomcat 11 (Jakarta Servlet 6.1) on 127.0.0.1 and a free port: a {@link TextServlet} for each
 * {@link TextEndpoint}, loaded with the work it calls by a web application's class loader, as from a deployed WAR.
 * Arguments: those of {@link ServerLife}. Prints "ready PID PORT".
 */
public final class TomcatServletApp {
    private TomcatServletApp() {
    }

    public static void main(String[] args) throws Exception {
        ServerLife life = ServerLife.prepare(args);
        Path base = Files.createTempDirectory("tomcat-");
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector();
        connector.setProperty("address", "127.0.0.1");
        connector.setPort(0);
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", webapp(base).toString());
        context.setLoader(new WebappLoader());
        for (TextEndpoint endpoint : TextEndpoint.all()) {
            Wrapper wrapper = Tomcat.addServlet(context, endpoint.path, TextServlet.class.getName());
            wrapper.addInitParameter(TextServlet.ANSWER, endpoint.answer);
            wrapper.addInitParameter(TextServlet.MODE, endpoint.mode.name());
            wrapper.setAsyncSupported(endpoint.async());
            context.addServletMappingDecoded(endpoint.path, endpoint.path);
        }
        tomcat.start();
        life.serve(connector.getLocalPort());
        tomcat.stop();
        System.exit(0);
    }

    /** A web application folder with this package's classes in its WEB-INF/classes. */
    private static Path webapp(Path base) throws Exception {
        Path classes = Path.of(TomcatServletApp.class.getProtectionDomain().getCodeSource().getLocation().toURI()).resolve("dev/jprof/testapps/web");
        Path webapp = base.resolve("webapp");
        Path target = Files.createDirectories(webapp.resolve("WEB-INF/classes/dev/jprof/testapps/web"));
        try (DirectoryStream<Path> files = Files.newDirectoryStream(classes, "*.class")) {
            for (Path file : files) Files.copy(file, target.resolve(file.getFileName().toString()));
        }
        return webapp;
    }
}
