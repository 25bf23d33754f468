package dev.jprof.bench.workload;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * The workload nobody here wrote: javac (through {@link javax.tools.JavaCompiler}, in this JVM)
 * compiling a source tree — commons-lang3's sources from Maven Central — several times in a row.
 *
 * <pre>
 * java -cp jprof-bench/target/classes dev.jprof.bench.workload.JavacDriver SRC_DIR OUT_DIR ITERATIONS
 *      [--threads T] [--classpath CP] [--times FILE]
 * </pre>
 *
 * Each iteration compiles every {@code .java} file under SRC_DIR into a fresh directory under OUT_DIR
 * (deleted afterwards). With {@code --threads T}, T compilations run at once per iteration (used to
 * make big recordings quickly). The time of each iteration in milliseconds goes to stdout, and, with
 * {@code --times}, one number per line to FILE, so a harness can separate start-up and warm-up from the
 * steady state. Exits 1 if a compilation reports an error.
 */
public final class JavacDriver {
    private JavacDriver() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: JavacDriver SRC_DIR OUT_DIR ITERATIONS [--threads T] [--classpath CP] [--times FILE]");
            System.exit(2);
        }
        Path src = Path.of(args[0]);
        Path out = Path.of(args[1]);
        int iterations = Integer.parseInt(args[2]);
        int threads = 1;
        String classpath = "";
        Path timesFile = null;
        for (int i = 3; i < args.length; i++) {
            switch (args[i]) {
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--classpath" -> classpath = args[++i];
                case "--times" -> timesFile = Path.of(args[++i]);
                default -> {
                    System.err.println("JavacDriver: unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            System.err.println("JavacDriver: no system Java compiler (run with a JDK, not a JRE)");
            System.exit(2);
        }
        List<Path> sources;
        try (Stream<Path> walk = Files.walk(src)) {
            sources = walk.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !p.getFileName().toString().equals("module-info.java"))
                    .sorted().toList();
        }
        if (sources.isEmpty()) {
            System.err.println("JavacDriver: no .java files under " + src);
            System.exit(2);
        }
        Files.createDirectories(out);
        List<String> times = new ArrayList<>();
        for (int iteration = 0; iteration < iterations; iteration++) {
            long start = System.nanoTime();
            List<Thread> workers = new ArrayList<>();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            for (int t = 0; t < threads; t++) {
                Path dir = out.resolve("i" + iteration + "-t" + t);
                String cp = classpath;
                Thread worker = new Thread(() -> {
                    try {
                        compile(javac, sources, dir, cp);
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }, "javac-" + t);
                workers.add(worker);
                worker.start();
            }
            for (Thread worker : workers) worker.join();
            long millis = (System.nanoTime() - start) / 1_000_000;
            if (failure.get() != null) {
                System.err.println("JavacDriver: " + failure.get().getMessage());
                System.exit(1);
            }
            times.add(Long.toString(millis));
            System.out.println("javac iteration " + (iteration + 1) + "/" + iterations + ": " + sources.size()
                    + " files x " + threads + " in " + millis + " ms");
        }
        if (timesFile != null) Files.write(timesFile, times, StandardCharsets.UTF_8);
    }

    private static void compile(JavaCompiler javac, List<Path> sources, Path dir, String classpath) throws IOException {
        Files.createDirectories(dir);
        try {
            DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
            try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
                List<String> options = new ArrayList<>(List.of("-d", dir.toString(), "-proc:none", "-nowarn",
                        "-Xlint:none", "-encoding", "UTF-8", "-g"));
                if (!classpath.isEmpty()) options.addAll(List.of("-classpath", classpath));
                Boolean ok = javac.getTask(null, files, diagnostics, options, null,
                        files.getJavaFileObjectsFromPaths(sources)).call();
                if (!ok) {
                    StringBuilder why = new StringBuilder("compilation failed:");
                    diagnostics.getDiagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR).limit(5)
                            .forEach(d -> why.append("\n  ").append(d));
                    throw new IOException(why.toString());
                }
            }
        } finally {
            dev.jprof.bench.WorkFiles.deleteTree(dir);
        }
    }
}
