package dev.jprof.bench.workload;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The profiler anyone can write in an afternoon, as a peer for the accuracy benchmark: a thread in the
 * program's own JVM that calls {@link Thread#getAllStackTraces()} every INTERVAL ms (which stops every thread
 * at a safepoint) and counts the stacks, then runs the program's {@code main} and writes collapsed stacks
 * ({@code [thread];frame;...;frame count}, root first) when the JVM exits.
 *
 * <pre>
 * java -cp jprof-bench/target/classes:APP_CP dev.jprof.bench.workload.NaiveSampler OUT cpu|wall INTERVAL_MS MAIN [ARGS...]
 * </pre>
 *
 * In {@code cpu} mode only threads in state RUNNABLE count; in {@code wall} mode every thread does.
 */
public final class NaiveSampler extends Thread {
    private final boolean runnableOnly;
    private final long intervalMillis;
    private final Map<String, Long> stacks = new TreeMap<>();

    private NaiveSampler(boolean runnableOnly, long intervalMillis) {
        super("naive-sampler");
        this.runnableOnly = runnableOnly;
        this.intervalMillis = intervalMillis;
        setDaemon(true);
    }

    public static void main(String[] args) throws Throwable {
        if (args.length < 4 || !(args[1].equals("cpu") || args[1].equals("wall"))) {
            System.err.println("usage: NaiveSampler OUT cpu|wall INTERVAL_MS MAIN [ARGS...]");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        NaiveSampler sampler = new NaiveSampler(args[1].equals("cpu"), Long.parseLong(args[2]));
        Method main = Class.forName(args[3]).getMethod("main", String[].class);
        // written as the JVM exits, so that a program ending with System.exit has its profile too
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sampler.interrupt();
            try {
                sampler.join(5_000);
                sampler.write(out);
            } catch (InterruptedException | IOException e) {
                System.err.println("NaiveSampler: cannot write " + out + ": " + e);
            }
        }, "naive-sampler-write"));
        sampler.start();
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, 4, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Override
    public void run() {
        try {
            while (!isInterrupted()) {
                Thread.sleep(intervalMillis);
                for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
                    Thread t = e.getKey();
                    if (t == this || e.getValue().length == 0) continue;
                    if (runnableOnly && t.getState() != State.RUNNABLE) continue;
                    StringBuilder key = new StringBuilder("[").append(t.getName()).append(']');
                    StackTraceElement[] frames = e.getValue();
                    for (int i = frames.length - 1; i >= 0; i--) {
                        key.append(';').append(frames[i].getClassName()).append('.').append(frames[i].getMethodName());
                    }
                    synchronized (stacks) {
                        stacks.merge(key.toString(), 1L, Long::sum);
                    }
                }
            }
        } catch (InterruptedException e) {
            // the program returned
        }
    }

    private void write(Path out) throws IOException {
        StringBuilder text = new StringBuilder();
        synchronized (stacks) {
            stacks.forEach((stack, n) -> text.append(stack).append(' ').append(n).append('\n'));
        }
        Files.writeString(out, text, StandardCharsets.UTF_8);
    }
}
