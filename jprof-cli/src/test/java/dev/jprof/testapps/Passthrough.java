package dev.jprof.testapps;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Arrays;

/**
 * A program whose input, output and ending a test checks through jprof. Usage:
 * <ul>
 *   <li>{@code copy CODE}: copies stdin to stdout, writes "to stderr" on stderr, works 0.3 s, exits with CODE;</li>
 *   <li>{@code flood MB}: writes MB megabytes of 'x' lines to stdout, exits with 0;</li>
 *   <li>{@code close}: closes stdout at once, then works 0.3 s and exits with 3 (stderr says so);</li>
 *   <li>{@code term}: prints "ready", sleeps until stopped; its shutdown hook reports "hook ran" (testapps.truth).</li>
 * </ul>
 */
public final class Passthrough {
    private Passthrough() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "copy":
                InputStream in = System.in;
                in.transferTo(System.out);
                System.out.flush();
                System.err.println("to stderr");
                ExitCode.work(300_000_000L); // something to sample
                System.exit(Integer.parseInt(args[1]));
                break;
            case "flood":
                byte[] line = new byte[1024];
                Arrays.fill(line, (byte) 'x');
                line[line.length - 1] = '\n';
                OutputStream out = System.out;
                long lines = Long.parseLong(args[1]) * 1024;
                for (long i = 0; i < lines; i++) out.write(line);
                out.flush();
                break;
            case "close":
                PrintStream stdout = System.out;
                stdout.close();
                ExitCode.work(300_000_000L);
                System.err.println("worked with stdout closed");
                System.exit(3);
                break;
            case "term":
                Runtime.getRuntime().addShutdownHook(new Thread(() -> Truth.report("hook ran")));
                Truth.report("ready");
                Thread.sleep(120_000);
                break;
            default:
                throw new IllegalArgumentException(args[0]);
        }
    }
}
