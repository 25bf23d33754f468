package dev.jprof.cli;

import dev.jprof.output.OutputFile;
import dev.jprof.capture.attach.AttachRecorder;
import dev.jprof.capture.attach.AttachResult;
import dev.jprof.capture.jfr.OldObjectSampleReader;
import dev.jprof.heap.LeakCandidate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "leaks", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Leak candidates in a running JVM: JFR's old-object sampler samples allocations for --duration; "
                + "at the end, for each sampled object still alive, its type, age, allocation stack and the reference "
                + "chain from its GC root (field names included).",
                "Finding the chains stops the JVM at the end of the recording while JFR searches the heap from the roots."},
        footer = {"", "Examples:",
                "  jprof leaks --pid 4242 --duration 60s",
                "  jprof leaks --pid 4242 --duration 5m --top 5 --jfr leaks.jfr     keep the recording for JDK Mission Control"})
public final class LeaksCommand implements Callable<Integer> {
    @Option(names = {"-p", "--pid"}, paramLabel = "PID", required = true, description = "The running JVM.")
    long pid;

    @Option(names = {"-d", "--duration"}, paramLabel = "TIME", converter = DurationConverter.class, defaultValue = "60s",
            description = "How long to sample allocations (default ${DEFAULT-VALUE}); Ctrl-C ends it early.")
    Duration duration;

    @Option(names = "--top", paramLabel = "N", description = "Groups of objects to show (default ${DEFAULT-VALUE}; 0 = all).")
    int top = 10;

    @Option(names = "--depth", paramLabel = "N", description = "Allocation stack frames to show per group (default ${DEFAULT-VALUE}).")
    int depth = 8;

    @Option(names = "--jfr", paramLabel = "FILE", description = "Also keep the recording here.")
    Path jfr;

    @Override
    public Integer call() throws Exception {
        if (duration.isNegative() || duration.isZero()) throw new UserError("--duration must be positive");
        if (top < 0 || depth < 0) throw new UserError("--top and --depth must be 0 or more");
        if (jfr != null) OutputFile.check(jfr);
        Map<String, String> events = new LinkedHashMap<>();
        events.put("jdk.OldObjectSample#enabled", "true");
        events.put("jdk.OldObjectSample#stackTrace", "true");
        events.put("jdk.OldObjectSample#cutoff", "infinity");
        events.put("jdk.JVMInformation#enabled", "true");
        events.put("jdk.JVMInformation#period", "beginChunk");
        Path work = WorkDir.create();
        try {
            Path recording = work.resolve(pid + ".jfr");
            System.err.printf(Locale.ROOT, "jprof: sampling old objects in JVM %d for %s; at the end JFR pauses it to find the paths to GC roots%n",
                    pid, duration.toString().substring(2).toLowerCase(Locale.ROOT));
            AttachResult result = RecordCommand.recordUntilStopped(AttachRecorder.ofEvents(events, "jfr-old-object-sample"),
                    pid, duration, recording);
            for (String warning : result.warnings()) System.err.println("jprof: warning: " + warning);
            if (jfr != null) {
                OutputFile.copy(result.recording(), jfr);
                System.err.println("jprof: wrote " + jfr + " (jfr)");
            }
            List<LeakCandidate> candidates = OldObjectSampleReader.read(result.recording());
            print(candidates, System.out);
            return 0;
        } finally {
            WorkDir.delete(work);
        }
    }

    private void print(List<LeakCandidate> candidates, PrintStream out) {
        int objects = candidates.stream().mapToInt(LeakCandidate::count).sum();
        out.printf(Locale.ROOT, "%d sampled objects still alive, in %d groups (type, allocation stack and chain)%n", objects, candidates.size());
        int shown = top == 0 ? candidates.size() : Math.min(top, candidates.size());
        for (int i = 0; i < shown; i++) {
            LeakCandidate c = candidates.get(i);
            out.printf(Locale.ROOT, "%n#%d  %s  x%d, oldest %.1f s%n", i + 1, c.type(), c.count(), c.oldestAge().toMillis() / 1000.0);
            if (c.chain().size() > 1 || !c.root().isEmpty()) {
                out.println("  held by: " + (c.root().isEmpty() ? "" : "[" + c.root() + "] ") + c.chainText());
            } else {
                out.println("  held by: (no path to a GC root found)");
            }
            out.println("  allocated at:");
            int frames = Math.min(depth, c.stack().size());
            for (int f = 0; f < frames; f++) out.println("    " + c.stack().get(f));
            if (frames < c.stack().size()) out.println("    ... " + (c.stack().size() - frames) + " more frames");
        }
        if (candidates.isEmpty()) {
            out.println("(JFR reports a sampled object only once it has survived a garbage collection: record for longer,"
                    + " or until the JVM has collected garbage at least once)");
        }
        if (shown < candidates.size()) out.printf(Locale.ROOT, "%n... %d more groups (--top 0 shows all)%n", candidates.size() - shown);
        out.flush();
    }
}
