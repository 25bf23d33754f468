package dev.jprof.cli;

import dev.jprof.serve.ProfileServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "serve", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Serve a local web page over a folder of profiles (those record --requests keeps): the list with each",
                "request's URL, status, wall time and date; open one in the viewer, pick two and compare them.",
                "Listens on 127.0.0.1 only; the page's address carries a random token, and requests without it get 403."},
        footer = {"", "Examples:", "  jprof serve profiles/", "  jprof serve --port 8700 profiles/"})
public final class ServeCommand implements Callable<Integer> {
    @Option(names = "--port", paramLabel = "PORT", defaultValue = "0", description = "The port on 127.0.0.1 (default: a free one).")
    int port;

    @Parameters(paramLabel = "DIR", description = "The folder of profiles (jprof .json files).")
    Path dir;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(dir)) throw new UserError(dir + ": no such directory");
        if (!Files.isReadable(dir)) throw new UserError(dir + ": permission denied");
        if (port < 0 || port > 65535) throw new UserError("--port must be between 0 and 65535");
        ProfileServer server;
        try {
            server = ProfileServer.start(dir, port);
        } catch (IOException e) {
            throw new UserError("cannot listen on 127.0.0.1:" + port + " (" + e.getMessage() + ")");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Interrupts interrupts = Interrupts.onInterrupt(stopped::countDown);
        try {
            System.out.println("jprof: serving the profiles of " + dir + " at " + server.uri() + " (Ctrl-C to stop)");
            System.out.flush();
            stopped.await();
        } finally {
            interrupts.restore();
            server.close();
        }
        return 0;
    }
}
