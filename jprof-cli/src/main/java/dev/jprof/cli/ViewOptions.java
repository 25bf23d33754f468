package dev.jprof.cli;

import dev.jprof.model.ThreadState;
import dev.jprof.render.Format;
import dev.jprof.render.RenderOptions;
import dev.jprof.transform.View;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** How to show a profile: output file and format, and the view options shared by record and report. */
final class ViewOptions {
    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the profile here; the format follows the extension (.html, .collapsed/.folded, "
                    + ".jfr, .json, .txt, .tree, .callgrind or callgrind.out.*, .pb.gz, .speedscope.json) unless --format says otherwise. Default: a table on stdout.")
    Path output;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT",
            description = "html, collapsed, jfr, table, tree, json, callgrind (KCacheGrind), pprof (go tool pprof) or speedscope.")
    String format;

    @Option(names = {"-t", "--threads"}, description = "Split the profile by thread: the thread name becomes the root frame.")
    boolean threads;

    @Option(names = {"-I", "--include"}, paramLabel = "REGEX",
            description = "Keep only stacks with a frame matching REGEX (repeatable). Example: --include 'com\\.example\\.'")
    List<String> include = new ArrayList<>();

    @Option(names = {"-X", "--exclude"}, paramLabel = "REGEX", description = "Drop stacks with a frame matching REGEX (repeatable).")
    List<String> exclude = new ArrayList<>();

    @Option(names = "--thread", paramLabel = "REGEX", description = "Keep only threads whose name matches REGEX.")
    String thread;

    @Option(names = "--lines", description = "Line granularity: one frame per source line (com.example.Foo.bar:42).")
    boolean lines;

    @Option(names = {"-s", "--simple"}, description = "Short class names: Foo.bar instead of com.example.Foo.bar.")
    boolean simple;

    @Option(names = "--state", paramLabel = "STATES",
            description = "Wall mode: which thread states to keep: all (default), running (drop sleeping, waiting and "
                    + "blocked samples, like py-spy without --idle), or a list such as runnable,blocked.")
    String state = "all";

    @Option(names = "--title", description = "Title of the report.")
    String title;

    @Option(names = "--value", paramLabel = "NAME",
            description = "Which value to draw: samples (default) or the time estimate (cpu or wall).")
    String value;

    @Option(names = "--sort", paramLabel = "KEY", description = "Table order: self (default), total or name.")
    String sort = "self";

    @Option(names = "--top", paramLabel = "N", description = "Table rows (default ${DEFAULT-VALUE}; 0 = all).")
    int top = 30;

    @Option(names = "--min-percent", paramLabel = "PCT",
            description = "Tree: fold nodes smaller than this share of the total (default ${DEFAULT-VALUE}).")
    double minPercent = 0.5;

    @Option(names = "--native", description = "Keep the frames of native libraries, the JVM and the kernel above the last Java frame"
            + " (engine async); without it their time goes to that Java frame.")
    boolean nativeCode;

    @Option(names = "--show-all", description = "Tree: do not fold JDK plumbing (reflection, lambda forms, thread-pool loops).")
    boolean showAll;

    ViewOptions withOutput(Path other) {
        ViewOptions copy = new ViewOptions();
        copy.output = other;
        copy.format = format == null ? format().name() : format;
        copy.threads = threads;
        copy.include = include;
        copy.exclude = exclude;
        copy.thread = thread;
        copy.lines = lines;
        copy.simple = simple;
        copy.state = state;
        copy.title = title;
        copy.value = value;
        copy.sort = sort;
        copy.top = top;
        copy.minPercent = minPercent;
        copy.showAll = showAll;
        copy.nativeCode = nativeCode;
        return copy;
    }

    Format format() {
        if (format != null) {
            try {
                return Format.parse(format);
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
        }
        if (output == null) return Format.TABLE;
        return Format.fromFileName(output.getFileName().toString())
                .orElseThrow(() -> new UserError("cannot tell the format of '" + output
                        + "' from its extension: use --format html|collapsed|jfr|table|tree|json|callgrind|pprof|speedscope"));
    }

    View view() {
        return new View(threads, patterns(include), patterns(exclude), lines, simple, states(), threadPattern(), nativeCode);
    }

    RenderOptions renderOptions() {
        RenderOptions.Sort order;
        try {
            order = RenderOptions.Sort.valueOf(sort.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UserError("unknown sort key '" + sort + "' (expected self, total or name)");
        }
        if (top < 0) throw new UserError("--top must be 0 or more");
        return new RenderOptions(title, value, order, top, showAll, minPercent);
    }

    private Pattern threadPattern() {
        return thread == null ? null : compile(thread);
    }

    private Set<ThreadState> states() {
        String text = state.trim().toLowerCase(Locale.ROOT);
        if (text.equals("all")) return null;
        if (text.equals("running")) return EnumSet.of(ThreadState.RUNNABLE, ThreadState.NATIVE);
        if (text.equals("idle")) return EnumSet.of(ThreadState.BLOCKED, ThreadState.WAITING, ThreadState.TIMED_WAITING);
        Set<ThreadState> states = EnumSet.noneOf(ThreadState.class);
        for (String part : text.split(",")) {
            try {
                states.add(ThreadState.valueOf(part.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new UserError("unknown thread state '" + part + "' (expected all, running, idle, or a list of "
                        + "runnable, native, blocked, waiting, timed_waiting)");
            }
        }
        return states;
    }

    private static List<Pattern> patterns(List<String> regexes) {
        List<Pattern> patterns = new ArrayList<>();
        for (String regex : regexes) patterns.add(compile(regex));
        return patterns;
    }

    private static Pattern compile(String regex) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new UserError("bad regular expression '" + regex + "': " + e.getDescription());
        }
    }
}
