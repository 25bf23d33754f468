package dev.jprof.cli;

import dev.jprof.capture.ProfileFiles;
import dev.jprof.model.Profile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "report", sortOptions = false, mixinStandardHelpOptions = true,
        description = "Render a saved profile (.jfr, collapsed stacks, or jprof json) in any format, with any view options.",
        footer = {"", "Examples:",
                "  jprof report profile.jfr                       table of the hottest methods",
                "  jprof report profile.jfr --format tree         call tree",
                "  jprof report profile.jfr -o profile.html --threads --include 'com\\.example'",
                "  jprof report stacks.collapsed -o stacks.json"})
public final class ReportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "A .jfr recording, a collapsed-stacks file, or a jprof .json profile.")
    Path file;

    @Mixin
    ViewOptions view = new ViewOptions();

    @Override
    public Integer call() throws Exception {
        ProfileOutput output = new ProfileOutput(view);
        output.checkWritable();
        Profile profile = ProfileFiles.read(file);
        output.write(profile, ProfileFiles.isJfr(file) ? List.of(file) : List.of(), System.err);
        return 0;
    }
}
