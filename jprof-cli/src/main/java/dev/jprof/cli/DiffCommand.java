package dev.jprof.cli;

import dev.jprof.output.OutputFile;
import dev.jprof.capture.ProfileFiles;
import dev.jprof.model.Profile;
import dev.jprof.render.Format;
import dev.jprof.render.html.FlameGraphWriter;
import dev.jprof.render.text.RequestComparisonTable;
import dev.jprof.render.text.SiteGrowthTable;
import dev.jprof.transform.SiteGrowth;
import dev.jprof.transform.Diff;
import dev.jprof.transform.RequestComparison;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "diff", aliases = "compare", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Compare two saved profiles (cpu, wall, alloc or traced).",
                "On stdout: site by site, like tracemalloc's compare_to: per leaf method (for allocation profiles,"
                        + " allocating method and allocated type), its value in CURRENT and the change since BASELINE,"
                        + " largest change first.",
                "Two request profiles (jprof request, record --requests): the two requests, then per method its sampled self time"
                        + " and traced calls, and per SQL statement its count and time, side by side.",
                "With -o FILE.html: one flame graph, widths from CURRENT, red where it grew, blue where it shrank."},
        footer = {"", "Examples:",
                "  jprof diff before.jfr after.jfr --lines --top 20",
                "  jprof diff before.jfr after.jfr -o diff.html",
                "  jprof diff profiles/20261204-101500.120-GET-orders.json profiles/20261204-103012.004-GET-orders.json",
                "  jprof diff old.collapsed new.collapsed -o diff.html --value samples"})
public final class DiffCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "BASELINE", description = "The profile to compare against (.jfr, collapsed stacks, or jprof .json).")
    Path baseline;

    @Parameters(index = "1", paramLabel = "CURRENT", description = "The profile to show (.jfr, collapsed stacks, or jprof .json).")
    Path current;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE.html", description = "Write the flame graph diff here instead of the table.")
    Path output;

    @Option(names = "--value", paramLabel = "NAME", description = "Which value to compare (samples, cpu, wall, bytes...); default: "
            + "samples for the graph, the profile's first value (bytes for allocation profiles) for the table.")
    String value;

    @Option(names = "--lines", description = "Table: tell sites apart by source line, not only by method.")
    boolean lines;

    @Option(names = "--top", paramLabel = "N", description = "Table: rows to show (default ${DEFAULT-VALUE}; 0 = all).")
    int top = 30;

    @Option(names = "--title", description = "Title of the page. Default: BASELINE vs CURRENT.")
    String title;

    @Override
    public Integer call() throws Exception {
        if (output == null) return table();
        if (Format.fromFileName(output.getFileName().toString()).orElse(null) != Format.HTML) {
            throw new UserError(output + ": diff writes an HTML page; name the output FILE.html");
        }
        OutputFile.check(output);
        Profile before = ProfileFiles.read(baseline);
        Profile after = ProfileFiles.read(current);
        Profile diff;
        try {
            diff = Diff.of(before, after, value);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        String pageTitle = title != null ? title : baseline.getFileName() + " vs " + current.getFileName();
        OutputFile.write(output, out -> new FlameGraphWriter().renderDiff(diff, 0, 1, pageTitle, out));
        System.err.printf(Locale.ROOT, "jprof: wrote %s (html diff): baseline %s, current %s%n", output,
                diff.valueTypes().get(0).unit().format(diff.total(0)), diff.valueTypes().get(1).unit().format(diff.total(1)));
        return 0;
    }

    private int table() throws Exception {
        if (top < 0) throw new UserError("--top must be 0 or more");
        Profile old = ProfileFiles.read(baseline);
        Profile now = ProfileFiles.read(current);
        if (value == null && !lines && RequestComparison.isRequest(old) && RequestComparison.isRequest(now)) {
            System.out.print(RequestComparisonTable.render(RequestComparison.compare(old, now), baseline.toString(), current.toString(), top));
            System.out.flush();
            return 0;
        }
        SiteGrowth.Result result;
        try {
            result = SiteGrowth.compare(old, now, value, lines);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        System.out.print(SiteGrowthTable.render(result, top));
        System.out.flush();
        return 0;
    }
}
