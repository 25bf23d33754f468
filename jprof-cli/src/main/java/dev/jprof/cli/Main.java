package dev.jprof.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;

@Command(name = "jprof",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "A profiler for JVM programs: sampling (cpu, wall, alloc, lock), tracing, heap and leak analysis, with flame graphs, tables and call trees.",
        footer = {"", "Examples:",
                "  jprof demo                                    profile a bundled program",
                "  jprof record -o p.html -- java -jar app.jar   launch under the profiler",
                "  jprof record --pid 4242 --duration 30s -o p.html     attach by pid",
                "  jprof report p.jfr --format tree              re-render a recording",
                "  jprof trace -- java -jar app.jar              exact calls and times",
                "  jprof request --pid 4242 http://127.0.0.1:8080/orders -o o.html   one web request",
                "  jprof record --mode alloc -o a.html -- java ...     allocations",
                "  jprof record --mode lock -o l.html -- java ...      lock contention",
                "  jprof heap --pid 4242 --growth                types that keep growing",
                "  jprof top --pid 4242                          where the time goes now",
                "  jprof dump --pid 4242                         every thread, locks, deadlocks",
                "  jprof diff before.jfr after.jfr -o diff.html  compare two profiles",
                "  jprof serve profiles/                         a local page over kept request profiles"})
public final class Main implements Runnable {
    private static final List<Class<?>> COMMANDS = List.of(RecordCommand.class, ReportCommand.class, DiffCommand.class,
            TraceCommand.class, RequestCommand.class, ServeCommand.class, HeapCommand.class, LeaksCommand.class, ListCommand.class, TopCommand.class,
            DumpCommand.class, DemoCommand.class, CommandLine.HelpCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs jprof as the command line would and returns the exit code. */
    public static int run(String... args) {
        try {
            CommandLine cli = new CommandLine(new Main());
            for (Class<?> command : commandsFor(args)) cli.addSubcommand(command);
            cli.setExecutionExceptionHandler(new ErrorReporter());
            cli.setParameterExceptionHandler(new ErrorReporter());
            cli.setErr(new PrintWriter(System.err, true));
            for (String name : new String[] {"record", "trace"}) {
                CommandLine sub = cli.getSubcommands().get(name);
                if (sub != null) sub.setStopAtPositional(true);
            }
            return cli.execute(args);
        } catch (OutOfMemoryError e) {
            return ErrorReporter.outOfMemory(e);
        }
    }

    /**
     * The subcommands to build: only the one named first when there is one (picocli reads every
     * command's annotations when it is added, a tenth of a second for all of them, paid by every
     * {@code jprof record}), else all of them, for help and for suggestions on a misspelt name.
     */
    static List<Class<?>> commandsFor(String[] args) {
        if (args.length > 0) {
            for (Class<?> command : COMMANDS) {
                Command annotation = command.getAnnotation(Command.class);
                if (annotation.name().equals("help")) continue;
                if (annotation.name().equals(args[0]) || Arrays.asList(annotation.aliases()).contains(args[0])) {
                    return List.of(command);
                }
            }
        }
        return COMMANDS;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: record, report, trace, request, serve, diff, top, dump, list, heap, leaks or demo (see jprof --help)");
    }
}
