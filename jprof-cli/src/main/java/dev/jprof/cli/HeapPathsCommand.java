package dev.jprof.cli;

import dev.jprof.output.OutputFile;
import dev.jprof.capture.attach.AttachException;
import dev.jprof.capture.attach.DiagnosticCommands;
import dev.jprof.capture.attach.JvmConnection;
import dev.jprof.heap.HeapGraph;
import dev.jprof.heap.ReferenceChains;
import dev.jprof.render.dot.ChainGraph;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

@Command(name = "paths", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Shortest strong reference chains from GC roots to the objects of a type, in a heap dump "
                + "(like objgraph.show_backrefs): printed, and written as a Graphviz DOT file (and SVG when Graphviz's dot is installed).",
                "With --pid the JVM's heap is dumped first (GC.heap_dump): the JVM runs a full GC and pauses while "
                        + "its heap is written; the dump goes to a temporary file removed afterwards unless --keep."},
        footer = {"", "Examples:",
                "  jprof heap paths --pid 4242 --type com.example.Session",
                "  jprof heap paths --pid 4242 --type Session --keep heap.hprof -o session.dot",
                "  jprof heap paths --file heap.hprof --type byte[] --chains 5"})
public final class HeapPathsCommand implements Callable<Integer> {
    static final class Source {
        @Option(names = {"-p", "--pid"}, paramLabel = "PID", required = true, description = "Dump the heap of this running JVM.")
        Long pid;

        @Option(names = "--file", paramLabel = "HPROF", required = true, description = "Read this heap dump (.hprof).")
        Path file;
    }

    @ArgGroup(multiplicity = "1")
    Source source;

    @Option(names = "--type", paramLabel = "TYPE", required = true,
            description = "The type whose objects to explain: a full name (com.example.Session, byte[]) or a simple name (Session).")
    String type;

    @Option(names = "--chains", paramLabel = "N", description = "Distinct chains to show (default ${DEFAULT-VALUE}).")
    int chains = 3;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "The Graphviz DOT file to write (default ${DEFAULT-VALUE}).")
    Path output = Path.of("heap-paths.dot");

    @Option(names = "--keep", paramLabel = "HPROF", description = "With --pid: keep the heap dump here instead of removing it.")
    Path keep;

    @Override
    public Integer call() throws Exception {
        if (chains < 1) throw new UserError("--chains must be 1 or more");
        if (keep != null && source.pid == null) throw new UserError("--keep goes with --pid (--file is already kept)");
        OutputFile.check(output);
        PrintStream err = System.err;
        Path work = null;
        try {
            Path dump = source.file;
            if (source.pid != null) {
                work = WorkDir.create();
                dump = keep != null ? keep.toAbsolutePath() : work.resolve(source.pid + ".hprof");
                dumpHeap(source.pid, dump, err);
            }
            long start = System.nanoTime();
            ReferenceChains.Result result;
            try (HeapGraph graph = HeapGraph.read(dump)) {
                // open, the graph reads on from the unlinked file; a jprof killed now leaves no dump behind
                if (keep == null && source.pid != null) Files.deleteIfExists(dump);
                err.printf(Locale.ROOT, "jprof: read %s: %,d objects, %,d references, %,d classes in %.1f s%n", dump,
                        graph.objectCount(), graph.referenceCount(), graph.classCount(), (System.nanoTime() - start) / 1e9);
                result = ReferenceChains.find(graph, type, chains);
            }
            print(result, System.out);
            if (result.chains().isEmpty()) return result.instances() == 0 ? 1 : 0;
            OutputFile.write(output, out -> out.write(ChainGraph.dot(result).getBytes(StandardCharsets.UTF_8)));
            err.println("jprof: wrote " + output + " (dot)");
            svg(output, err);
            return 0;
        } finally {
            if (work != null) WorkDir.delete(work);
        }
    }

    private static void dumpHeap(long pid, Path dump, PrintStream err) throws IOException {
        try (JvmConnection jvm = JvmConnection.open(pid)) {
            err.println("jprof: dumping the heap of JVM " + pid + ": it runs a full GC and pauses while the heap is written");
            long start = System.nanoTime();
            new DiagnosticCommands(jvm).heapDump(dump);
            err.printf(Locale.ROOT, "jprof: dumped %,d bytes in %.1f s%s%n", Files.size(dump), (System.nanoTime() - start) / 1e9,
                    dump.getFileName().toString().equals(pid + ".hprof") ? "" : " to " + dump);
        } catch (AttachException e) {
            throw new UserError(e.getMessage());
        }
    }

    private void print(ReferenceChains.Result result, PrintStream out) {
        if (result.instances() == 0) {
            out.println("no objects of type " + type + " in the heap dump");
            out.flush();
            return;
        }
        out.printf(Locale.ROOT, "%,d objects of type %s, %,d reachable from GC roots through strong references%n",
                result.instances(), type, result.reachable());
        int i = 1;
        for (ReferenceChains.Chain chain : result.chains()) {
            int references = chain.steps().size() - 1;
            out.printf(Locale.ROOT, "%n#%d  %,d %s held like this (shortest chain: %d %s from a root: %s)%n",
                    i++, chain.objects(), chain.objects() == 1 ? "object" : "objects", references,
                    references == 1 ? "reference" : "references", chain.root());
            for (int s = 0; s < chain.steps().size(); s++) {
                ReferenceChains.Step step = chain.steps().get(s);
                out.println("  " + "  ".repeat(s) + step.type() + (step.via().isEmpty() ? "" : (step.via().startsWith("[") ? " " : ".") + step.via()));
            }
        }
        out.flush();
    }

    /** The SVG beside the DOT file, by Graphviz into a private temporary file, then written like every output. */
    private static void svg(Path dot, PrintStream err) throws IOException {
        Path svg = dot.resolveSibling(dot.getFileName().toString().replaceFirst("\\.dot$", "") + ".svg");
        Path drawn = Files.createTempFile("jprof-", ".svg");
        try {
            Process process;
            try {
                process = new ProcessBuilder("dot", "-Tsvg", dot.toString())
                        .redirectError(ProcessBuilder.Redirect.DISCARD).redirectOutput(drawn.toFile()).start();
            } catch (IOException e) {
                err.println("jprof: no Graphviz 'dot' on the PATH, so no SVG: render " + dot + " with 'dot -Tsvg'");
                return;
            }
            if (process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0) {
                OutputFile.copy(drawn, svg);
                err.println("jprof: wrote " + svg + " (svg, by Graphviz)");
            } else {
                process.destroyForcibly();
                err.println("jprof: Graphviz's dot failed; " + dot + " is there to render by hand");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            Files.deleteIfExists(drawn);
        }
    }
}
