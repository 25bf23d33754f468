package dev.jprof.cli;

import dev.jprof.output.OutputFile;
import dev.jprof.agent.trace.TraceOptions;
import dev.jprof.capture.BundledFile;
import dev.jprof.capture.attach.AttachException;
import dev.jprof.capture.attach.JvmConnection;
import dev.jprof.capture.launch.LaunchRecorder;
import dev.jprof.capture.launch.LaunchResult;
import dev.jprof.capture.trace.TraceFileReader;
import dev.jprof.model.Attributes;
import dev.jprof.model.Profile;
import dev.jprof.render.Format;
import dev.jprof.render.RenderOptions;
import dev.jprof.render.text.CallsTableWriter;
import dev.jprof.transform.CallStats;
import dev.jprof.transform.Profiles;
import dev.jprof.transform.View;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

@Command(name = "trace", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Trace a JVM: exact calls and times of every chosen method, through bytecode instrumentation",
                "(cProfile and yappi for the JVM). Prints the table when the program exits."},
        footer = {"", "Method patterns (--include/--exclude, repeatable):",
                "  com.example.*          the classes of one package      com.example.**   with its sub-packages",
                "  com.example.Foo        a class (and its nested classes)",
                "  com.example.Foo::bar   a method ('*' as a wildcard)    @Traced          methods or classes annotated",
                "Default: every class that is neither the JDK's nor jprof's.",
                "", "Examples:",
                "  jprof trace -- java -jar app.jar",
                "  jprof trace --include 'com.example.**' --clock cpu --sort tottime -o calls.callgrind -- java -cp app.jar Main",
                "  jprof trace --clock none --sort ncalls --top 20 -- java -cp app.jar Main",
                "  jprof trace --pid 4242 --duration 20s --include 'com.example.orders.**'"})
public final class TraceCommand implements java.util.concurrent.Callable<Integer> {
    /** How long to wait for an attached JVM's trace after the duration ended. */
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(60);

    @Option(names = {"-p", "--pid"}, paramLabel = "PID",
            description = "Trace this running JVM for --duration, then give its classes their original code back.")
    Long pid;

    @Option(names = {"-d", "--duration"}, paramLabel = "TIME", converter = DurationConverter.class,
            description = "With --pid: how long to trace (30s, 2m).")
    Duration duration;

    @Option(names = {"-I", "--include"}, paramLabel = "PATTERN", description = "Trace the methods matching PATTERN (repeatable).")
    List<String> include = new ArrayList<>();

    @Option(names = {"-X", "--exclude"}, paramLabel = "PATTERN", description = "Do not trace the methods matching PATTERN (repeatable).")
    List<String> exclude = new ArrayList<>();

    @Option(names = "--clock", paramLabel = "CLOCK", defaultValue = "wall",
            description = "wall (default): elapsed time; cpu: the thread's CPU time; none: exact counts only, the cheapest.")
    String clock;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write here; the format follows the extension (.txt table, .callgrind, .collapsed, .json, .html, .tree). "
                    + "Default: the table on stdout.")
    Path output;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", description = "table, callgrind, collapsed, json, html or tree.")
    String format;

    @Option(names = "--sort", paramLabel = "KEY", defaultValue = "tottime",
            description = "Table order: tottime (default), cumtime, ncalls, percall, cumpercall or name.")
    String sort;

    @Option(names = "--top", paramLabel = "N", defaultValue = "30", description = "Table rows (default ${DEFAULT-VALUE}; 0 = all).")
    int top;

    @Option(names = {"-t", "--threads"}, description = "A thread summary, then one table per thread.")
    boolean threads;

    @Option(names = "--thread", paramLabel = "REGEX", description = "Only the threads whose name matches REGEX.")
    String thread;

    @Option(names = "--metric", paramLabel = "METRIC", defaultValue = "self",
            description = "collapsed and html: what a stack counts: self (time, default), total (time including callees) or calls.")
    String metric;

    @Option(names = "--root", paramLabel = "CLASS::METHOD",
            description = "Only what happens under this method ('*' as a wildcard; repeatable): its calls become the roots.")
    List<String> roots = new ArrayList<>();

    @Option(names = "--title", description = "Title of the report.")
    String title;

    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command to launch, after --.")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        String agentOptions = agentOptions();
        CallStats.Sort order = parse(() -> CallStats.Sort.parse(sort));
        if (top < 0) throw new UserError("--top must be 0 or more");
        String metricName = metric.trim().toLowerCase(Locale.ROOT);
        if (!List.of("self", "total", "calls").contains(metricName)) {
            throw new UserError("unknown metric '" + metric + "' (expected self, total or calls)");
        }
        java.util.regex.Pattern rootPattern = rootPattern();
        java.util.regex.Pattern threadPattern = threadPattern();
        Format chosen = format();
        if (chosen == Format.JFR) throw new UserError("a trace has no jfr output: use table, callgrind, collapsed, json, html or tree");
        checkWritable();
        if (pid != null) {
            if (!command.isEmpty()) throw new UserError("give either --pid or a command to launch, not both");
            if (duration == null) throw new UserError("--pid needs --duration: how long to trace the running JVM");
            if (duration.isNegative() || duration.isZero()) throw new UserError("--duration must be positive");
            Profile profile = attach(agentOptions);
            profile = rooted(threads(profile, threadPattern), rootPattern);
            write(profile.annotate(Map.of(Attributes.TARGET, "pid " + pid), List.of()), chosen, order, metricName);
            return 0;
        }
        if (duration != null) throw new UserError("--duration goes with --pid; a launched command is traced until it exits");
        if (command.isEmpty()) throw new UserError("nothing to trace: give a command after -- or --pid PID --duration TIME");

        Path work = WorkDir.create();
        try {
            LaunchResult result;
            try {
                result = LaunchRecorder.tracing(agentOptions, work).run(command);
            } catch (IOException e) {
                throw new UserError(e.getMessage(), 127);
            }
            int exit = result.exitCode();
            if (result.recordings().isEmpty()) {
                throw new UserError("no JVM ran under the tracer ('" + command.get(0) + "' exited with code " + exit + ")",
                        exit != 0 ? exit : 3);
            }
            List<Profile> profiles = new ArrayList<>();
            List<String> roots = new ArrayList<>();
            for (Path trace : result.recordings()) {
                profiles.add(TraceFileReader.read(trace));
                roots.add("[pid " + trace.getFileName().toString().replace(".trace", "") + "]");
            }
            Profile profile = profiles.size() == 1 ? profiles.get(0) : Profiles.mergeWithRoots(profiles, roots);
            profile = rooted(threads(profile, threadPattern), rootPattern).annotate(Map.of(Attributes.TARGET, String.join(" ", command)), List.of());
            write(profile, chosen, order, metricName);
            return exit;
        } finally {
            WorkDir.delete(work);
        }
    }

    /** The --root methods as one regular expression over "class::method", or null. */
    private java.util.regex.Pattern rootPattern() {
        if (roots.isEmpty()) return null;
        StringBuilder regex = new StringBuilder();
        for (String root : roots) {
            String text = root.trim();
            if (!text.matches("[\\p{L}\\p{N}_$.*]+::[\\p{L}\\p{N}_$<>*]+")) {
                throw new UserError("malformed --root '" + root + "' (expected Class::method, for example com.example.Api::handle)");
            }
            if (regex.length() > 0) regex.append('|');
            regex.append(java.util.regex.Pattern.quote(text).replace("*", "\\E.*\\Q"));
        }
        return java.util.regex.Pattern.compile(regex.toString());
    }

    private java.util.regex.Pattern threadPattern() {
        if (thread == null) return null;
        try {
            return java.util.regex.Pattern.compile(thread);
        } catch (java.util.regex.PatternSyntaxException e) {
            throw new UserError("bad regular expression '" + thread + "': " + e.getDescription());
        }
    }

    private static Profile threads(Profile profile, java.util.regex.Pattern threadPattern) {
        return threadPattern == null ? profile : View.defaults().withLines(true).withThreadFilter(threadPattern).apply(profile);
    }

    private Profile rooted(Profile profile, java.util.regex.Pattern rootPattern) {
        if (rootPattern == null) return profile;
        Profile rooted = CallStats.underRoots(profile,
                frame -> rootPattern.matcher(profile.frameClass(frame) + "::" + profile.frameMethod(frame)).matches());
        if (rooted.sampleCount() > 0) return rooted;
        return rooted.annotate(Map.of(), List.of("no call of a --root method (" + String.join(", ", roots) + ") was traced"));
    }

    /**
     * Loads the agent into the running JVM, which traces for the duration, restores its classes and writes the
     * trace. Ctrl-C ends the window early, as the duration would: the agent is told to stop, and the trace of
     * what ran so far is read as usual.
     */
    private Profile attach(String agentOptions) throws IOException, InterruptedException {
        Path work = WorkDir.create();
        AtomicBoolean interrupted = new AtomicBoolean();
        Interrupts interrupts = Interrupts.onInterrupt(() -> interrupted.set(true));
        try {
            Path file = work.resolve(pid + ".trace");
            try (JvmConnection jvm = JvmConnection.open(pid)) {
                jvm.loadAgent(BundledFile.AGENT.path(), agentOptions + ",duration=" + duration.toNanos()
                        + ",owner=" + ProcessHandle.current().pid() + ",file=" + file);
            } catch (AttachException e) {
                throw new UserError(e.getMessage());
            }
            System.err.println("jprof: tracing " + pid + " for " + duration.toSeconds() + " s, press Ctrl-C to stop early");
            long deadline = System.nanoTime() + duration.toNanos() + WRITE_TIMEOUT.toNanos();
            boolean stopSent = false;
            Optional<ProcessHandle> process = ProcessHandle.of(pid);
            while (!Files.exists(file)) {
                if (interrupted.get() && !stopSent) {
                    stopSent = true;
                    stopEarly();
                    deadline = Math.min(deadline, System.nanoTime() + WRITE_TIMEOUT.toNanos());
                }
                if (System.nanoTime() > deadline) throw new UserError("JVM " + pid + " wrote no trace within " + WRITE_TIMEOUT.toSeconds() + " s after the duration");
                if (process.isPresent() && !process.get().isAlive()) throw new UserError("JVM " + pid + " exited before its trace was written");
                Thread.sleep(50);
            }
            return TraceFileReader.read(file);
        } finally {
            interrupts.restore();
            WorkDir.delete(work);
        }
    }

    /** Tells the traced JVM to end its window now; if that fails, the window runs its duration. */
    private void stopEarly() {
        System.err.println("jprof: stopping: restoring the classes of " + pid + " and writing what was traced");
        try (JvmConnection jvm = JvmConnection.open(pid)) {
            jvm.loadAgent(BundledFile.AGENT.path(), TraceOptions.STOP);
        } catch (AttachException | IOException e) {
            System.err.println("jprof: warning: could not stop the tracing early (" + e.getMessage() + "); it ends after --duration");
        }
    }

    /** The agent's options; a bad pattern or clock is the user's error, found before anything runs. */
    String agentOptions() {
        String options = "trace=" + clock.trim().toLowerCase(Locale.ROOT);
        if (!include.isEmpty()) options += ",include=" + String.join(";", include);
        if (!exclude.isEmpty()) options += ",exclude=" + String.join(";", exclude);
        for (String pattern : concat(include, exclude)) {
            if (pattern.contains(",") || pattern.contains(";")) throw new UserError("malformed method pattern '" + pattern + "' (one pattern per option)");
        }
        String checked = options;
        parse(() -> TraceOptions.parse(checked));
        return options;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private Format format() {
        if (format != null) return parse(() -> Format.parse(format.equals("table") ? "table" : format));
        if (output == null) return Format.TABLE;
        return Format.fromFileName(output.getFileName().toString())
                .orElseThrow(() -> new UserError("cannot tell the format of '" + output
                        + "' from its extension: use --format table|callgrind|collapsed|json|html|tree"));
    }

    private void checkWritable() throws IOException {
        if (output != null) OutputFile.check(output);
    }

    private void write(Profile profile, Format chosen, CallStats.Sort order, String metricName) throws IOException {
        RenderOptions options = RenderOptions.defaults().withTitle(title != null ? title : "jprof trace").withTop(top);
        Profile shown = profile;
        if (chosen == Format.COLLAPSED || chosen == Format.HTML) {
            int time = CallStats.timeIndex(profile);
            String value = metricName.equals("calls") || time < 0 ? "calls" : profile.valueTypes().get(time).name();
            if (metricName.equals("total") && time >= 0) shown = CallStats.withTotals(profile, time);
            options = options.withValue(value);
        } else if (chosen != Format.TABLE) {
            int time = CallStats.timeIndex(profile);
            if (time >= 0) options = options.withValue(profile.valueTypes().get(time).name());
        }
        var renderer = chosen == Format.TABLE ? new CallsTableWriter(order, threads) : dev.jprof.render.Renderer.forFormat(chosen);
        if (output == null) {
            OutputStream out = new BufferedOutputStream(System.out);
            renderer.render(shown, options, out);
            out.flush();
        } else {
            Profile written = shown;
            RenderOptions writtenOptions = options;
            OutputFile.write(output, out -> renderer.render(written, writtenOptions, out));
            System.err.println("jprof: wrote " + output + " (" + chosen.label() + "): " + summary(profile));
        }
        if (output != null || chosen != Format.TABLE) {
            for (String warning : profile.warnings()) System.err.println("jprof: warning: " + warning);
        }
    }

    private static String summary(Profile profile) {
        CallStats stats = CallStats.of(profile);
        return String.format(Locale.ROOT, "%,d calls of %,d methods in %,d threads", stats.calls(), stats.rows().size(), profile.threadCount());
    }

    private static <T> T parse(java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }
}
