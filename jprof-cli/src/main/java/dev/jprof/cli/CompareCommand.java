package dev.jprof.cli;

import dev.jprof.capture.ProfileFiles;
import dev.jprof.model.Profile;
import dev.jprof.render.text.SiteGrowthTable;
import dev.jprof.transform.SiteGrowth;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "compare", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Compare two saved profiles site by site, like tracemalloc's compare_to: per allocation site "
                + "(allocating method and allocated type) or leaf method, its value in NEW and the change since OLD, "
                + "largest change first."},
        footer = {"", "Examples:",
                "  jprof record --mode alloc -o before.jfr -- java -jar app.jar",
                "  jprof record --mode alloc -o after.jfr -- java -jar app.jar",
                "  jprof compare before.jfr after.jfr --lines --top 20"})
public final class CompareCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "OLD", description = "The older profile (.jfr, collapsed or jprof json).")
    Path before;

    @Parameters(index = "1", paramLabel = "NEW", description = "The newer profile.")
    Path after;

    @Option(names = "--value", paramLabel = "NAME", description = "The value to compare (default: the first, bytes for allocation profiles).")
    String value;

    @Option(names = "--lines", description = "Tell sites apart by source line, not only by method.")
    boolean lines;

    @Option(names = "--top", paramLabel = "N", description = "Rows to show (default ${DEFAULT-VALUE}; 0 = all).")
    int top = 30;

    @Override
    public Integer call() throws Exception {
        if (top < 0) throw new UserError("--top must be 0 or more");
        Profile old = ProfileFiles.read(before);
        Profile now = ProfileFiles.read(after);
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
