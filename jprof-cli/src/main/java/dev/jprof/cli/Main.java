package dev.jprof.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

@Command(name = "jprof",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "A profiler for JVM programs: sampling (cpu, wall, alloc), tracing, heap and leak analysis, with flame graphs, tables and call trees.",
        subcommands = {RecordCommand.class, ReportCommand.class, DiffCommand.class, TraceCommand.class, HeapCommand.class, LeaksCommand.class, ListCommand.class, TopCommand.class, DumpCommand.class, DemoCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Examples:",
                "  jprof demo                                    profile a bundled program",
                "  jprof record -o p.html -- java -jar app.jar   launch under the profiler",
                "  jprof record --pid 4242 --duration 30s -o p.html     attach by pid",
                "  jprof report p.jfr --format tree              re-render a recording",
                "  jprof trace -- java -jar app.jar              exact calls and times",
                "  jprof record --mode alloc -o a.html -- java ...     allocations",
                "  jprof heap --pid 4242 --growth                types that keep growing",
                "  jprof top --pid 4242                          where the time goes now",
                "  jprof dump --pid 4242                         every thread, locks, deadlocks",
                "  jprof diff before.jfr after.jfr -o diff.html  compare two profiles"})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs jprof as the command line would and returns the exit code. */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler(new ErrorReporter());
        cli.setParameterExceptionHandler(new ErrorReporter());
        cli.setErr(new PrintWriter(System.err, true));
        cli.getSubcommands().get("record").setStopAtPositional(true);
        cli.getSubcommands().get("trace").setStopAtPositional(true);
        return cli.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: record, report, trace, diff, top, dump, list, heap, leaks or demo (see jprof --help)");
    }
}
