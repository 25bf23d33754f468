package dev.jprof.testapps;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A JVM to trace by pid: the main thread calls {@link #checksum} in a loop, and stdin is a console:
 * "check" answers "ok ROUNDS" when checksum still gives the known results, "bad ..." otherwise;
 * "exit" exits with 0. Prints "ready PID" once running.
 */
public final class TraceAttachTarget {
    static volatile long rounds;
    static volatile long sink;

    private TraceAttachTarget() {
    }

    public static void main(String[] args) throws Exception {
        Thread worker = new Thread(() -> {
            while (true) {
                for (int i = 0; i < 1000; i++) sink += checksum(i);
                rounds++;
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "checksum-loop");
        worker.setDaemon(true);
        worker.start();
        System.out.println("ready " + ProcessHandle.current().pid());
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.equals("exit")) System.exit(0);
            if (line.equals("check")) {
                long expected = 0;
                for (int i = 0; i < 1000; i++) expected += (long) i * i % 7;
                long actual = 0;
                for (int i = 0; i < 1000; i++) actual += checksum(i);
                System.out.println(actual == expected ? "ok " + rounds : "bad " + actual + " != " + expected);
                System.out.flush();
            }
        }
    }

    static long checksum(int i) {
        return (long) i * i % 7;
    }
}
