package dev.jprof.cli;

import dev.jprof.capture.ProfileFiles;
import dev.jprof.model.Profile;
import dev.jprof.render.Format;
import dev.jprof.render.html.FlameGraphWriter;
import dev.jprof.transform.Diff;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "diff", sortOptions = false, mixinStandardHelpOptions = true,
        description = "Compare two saved profiles in one flame graph: widths from CURRENT, red where it grew, blue where it shrank.",
        footer = {"", "Examples:",
                "  jprof diff before.jfr after.jfr -o diff.html",
                "  jprof diff old.collapsed new.collapsed -o diff.html --value samples"})
public final class DiffCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "BASELINE", description = "The profile to compare against (.jfr, collapsed stacks, or jprof .json).")
    Path baseline;

    @Parameters(index = "1", paramLabel = "CURRENT", description = "The profile to show (.jfr, collapsed stacks, or jprof .json).")
    Path current;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE.html", required = true, description = "Where to write the page.")
    Path output;

    @Option(names = "--value", paramLabel = "NAME", description = "Which value to compare: samples (default) or cpu or wall.")
    String value;

    @Option(names = "--title", description = "Title of the page. Default: BASELINE vs CURRENT.")
    String title;

    @Override
    public Integer call() throws Exception {
        if (Format.fromFileName(output.getFileName().toString()).orElse(null) != Format.HTML) {
            throw new UserError(output + ": diff writes an HTML page; name the output FILE.html");
        }
        Path dir = output.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) throw new UserError(output + ": no such directory " + dir);
        Profile before = ProfileFiles.read(baseline);
        Profile after = ProfileFiles.read(current);
        Profile diff;
        try {
            diff = Diff.of(before, after, value);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        String pageTitle = title != null ? title : baseline.getFileName() + " vs " + current.getFileName();
        Path temp = output.toAbsolutePath().resolveSibling("." + output.getFileName() + ".jprof-" + ProcessHandle.current().pid() + ".tmp");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp))) {
                new FlameGraphWriter().renderDiff(diff, 0, 1, pageTitle, out);
            }
            Files.move(temp, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
        System.err.printf(Locale.ROOT, "jprof: wrote %s (html diff): baseline %s, current %s%n", output,
                diff.valueTypes().get(0).unit().format(diff.total(0)), diff.valueTypes().get(1).unit().format(diff.total(1)));
        return 0;
    }
}
