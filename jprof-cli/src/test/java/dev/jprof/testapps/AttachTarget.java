package dev.jprof.testapps;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A JVM to attach to: the main thread spins in {@link #hotMethod}, a thread named
 * "attach-sleeper" sleeps in {@link #sleepyMethod}, and stdin is a tiny console — "ping" answers
 * "pong N" (N counts the hot method's rounds, so a stalled JVM shows), "exit" exits with 0.
 * Prints "ready PID" once all of it runs. An argument N holds N MB of byte arrays, for a heap dump that
 * takes a while to write.
 */
public final class AttachTarget {
    static volatile long sink;
    static volatile long rounds;
    static byte[][] ballast;

    private AttachTarget() {
    }

    public static void main(String[] args) throws Exception {
        ballast = new byte[args.length > 0 ? Integer.parseInt(args[0]) : 0][];
        for (int i = 0; i < ballast.length; i++) ballast[i] = new byte[1 << 20];
        Thread sleeper = new Thread(AttachTarget::sleepyMethod, "attach-sleeper");
        sleeper.setDaemon(true);
        sleeper.start();
        Thread console = new Thread(AttachTarget::console, "attach-console");
        console.setDaemon(true);
        console.start();
        System.out.println("ready " + ProcessHandle.current().pid());
        System.out.flush();
        while (true) {
            sink += hotMethod(20_000_000);
            rounds++;
        }
    }

    /** Pure arithmetic in one loop, so samples land in this frame whatever gets inlined. */
    static long hotMethod(long n) {
        long s = 0;
        for (long i = 0; i < n; i++) {
            s += (i * 31) ^ (s >>> 3);
        }
        return s;
    }

    static void sleepyMethod() {
        while (true) {
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void console() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                switch (line.trim()) {
                    case "ping":
                        System.out.println("pong " + rounds);
                        System.out.flush();
                        break;
                    case "exit":
                        System.exit(0);
                        break;
                    default:
                        break;
                }
            }
        } catch (Exception e) {
            // stdin closed: keep running until killed
        }
    }
}
