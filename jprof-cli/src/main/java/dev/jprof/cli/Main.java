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
                "  jprof demo                                            profile a bundled program, write demo.html",
                "  jprof record -o profile.html -- java -jar app.jar     launch a program under the profiler",
                "  jprof record --pid 4242 --duration 30s -o p.html      attach to a running JVM",
                "  jprof report profile.jfr --format tree                re-render a saved recording",
                "  jprof trace -- java -jar app.jar                      exact calls and times per method (tracing)",
                "  jprof record --mode alloc -o alloc.html -- java ...   where memory is allocated",
                "  jprof heap --pid 4242 --growth                        which types grow; see also leaks, heap paths",
                "  jprof top --pid 4242                                  live: where the time goes now",
                "  jprof dump --pid 4242                                 every thread's stack, state and locks; jprof list: the JVMs"})
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
