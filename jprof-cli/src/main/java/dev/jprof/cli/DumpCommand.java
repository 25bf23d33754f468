package dev.jprof.cli;

import dev.jprof.capture.attach.AttachException;
import dev.jprof.capture.attach.JvmConnection;
import dev.jprof.capture.threads.ThreadDump;
import dev.jprof.capture.threads.ThreadDumper;
import dev.jprof.render.threads.ThreadDumpJson;
import dev.jprof.render.threads.ThreadDumpText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

@Command(name = "dump", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Print every thread of a running JVM once: name, id, state, daemon, CPU time, stack with source lines, "
                + "the monitors it holds and the one it waits for.",
                "Then the deadlocks, if any: which threads wait for which locks held by whom.",
                "Virtual threads too on Java 21+. Nothing is loaded into the JVM."},
        footer = {"", "Examples:",
                "  jprof dump --pid 4242",
                "  jprof dump --pid 4242 --json > threads.json"})
public final class DumpCommand implements Callable<Integer> {
    @Option(names = {"-p", "--pid"}, paramLabel = "PID", required = true, description = "The JVM to look at.")
    long pid;

    @Option(names = "--json", description = "JSON for tools instead of text.")
    boolean json;

    @Option(names = {"-l", "--synchronizers"},
            description = "Also list the java.util.concurrent locks each thread holds (like jstack -l: the JVM walks its heap for them, in a pause).")
    boolean synchronizers;

    @Option(names = "--no-virtual", description = "Leave out virtual threads (saves a second thread dump on Java 21+).")
    boolean noVirtual;

    @Override
    public Integer call() {
        ThreadDump dump;
        try (JvmConnection jvm = JvmConnection.open(pid)) {
            dump = ThreadDumper.dump(jvm, !noVirtual, synchronizers);
        } catch (AttachException e) {
            throw new UserError(e.getMessage());
        }
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), false);
        if (json) ThreadDumpJson.write(dump, out);
        else ThreadDumpText.write(dump, out);
        return 0;
    }
}
