package dev.jprof.cli;

import dev.jprof.capture.ProfileFiles;
import dev.jprof.capture.jfr.AllocationProfileReader;
import dev.jprof.capture.jfr.LockProfileReader;
import dev.jprof.model.Profile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "report", sortOptions = false, mixinStandardHelpOptions = true,
        description = "Render a saved profile (.jfr, collapsed stacks, or jprof json) in any format, with any view options.",
        footer = {"", "Examples:",
                "  jprof report profile.jfr                       table of the hottest methods",
                "  jprof report profile.jfr --format tree         call tree",
                "  jprof report profile.jfr -o profile.html --threads --include 'com\\.example'",
                "  jprof report stacks.collapsed -o stacks.json",
                "  jprof report both.jfr --alloc -o alloc.html     the allocations of a cpu,alloc recording",
                "  jprof report both.jfr --lock -o locks.html      the lock waits of a cpu,lock recording"})
public final class ReportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "A .jfr recording, a collapsed-stacks file, or a jprof .json profile.")
    Path file;

    @Option(names = "--alloc",
            description = "Of a recording that sampled threads and allocations (record --mode cpu,alloc), show the allocations.")
    boolean allocations;

    @Option(names = "--lock",
            description = "Of a recording that has lock waits beside other samples (record --mode cpu,lock), show the lock waits.")
    boolean locks;

    @Mixin
    ViewOptions view = new ViewOptions();

    @Override
    public Integer call() throws Exception {
        ProfileOutput output = new ProfileOutput(view);
        output.checkWritable();
        Profile profile;
        if (allocations && locks) throw new UserError("give --alloc or --lock, not both");
        if (allocations || locks) {
            if (!Files.isRegularFile(file) || !ProfileFiles.isJfr(file)) {
                throw new UserError(file + ": " + (allocations ? "--alloc" : "--lock") + " needs a .jfr recording");
            }
            profile = allocations ? AllocationProfileReader.read(file) : LockProfileReader.read(file);
        } else {
            profile = ProfileFiles.read(file);
        }
        output.write(profile, ProfileFiles.isJfr(file) ? List.of(file) : List.of(), System.err);
        return 0;
    }
}
