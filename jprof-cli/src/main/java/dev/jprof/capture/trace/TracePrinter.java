package dev.jprof.capture.trace;

import dev.jprof.model.Profile;
import dev.jprof.render.RenderOptions;
import dev.jprof.render.text.CallsTableWriter;
import dev.jprof.transform.CallStats;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Prints a trace's table on stderr when the traced JVM exits: what the agent calls (by name, since it
 * cannot link to jprof's core) when it was given no file, for example for {@code @Traced}.
 */
public final class TracePrinter {
    private static final int TOP = 40;

    private TracePrinter() {
    }

    public static void print(Path trace) throws IOException {
        Profile profile = TraceFileReader.read(trace);
        RenderOptions options = RenderOptions.defaults().withTitle("jprof trace").withTop(TOP);
        new CallsTableWriter(CallStats.Sort.CUMTIME, false).render(profile, options, System.err);
        System.err.flush();
    }
}
