package dev.jprof.testapps;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;

/**
 * Ground truth for CPU time outside Java code: the main thread spends about 45% of its CPU time in
 * {@link #compress} (zlib's deflate, native code behind JNI), 44% in {@link #allocate} (short-lived
 * arrays: much of it in the VM's allocation slow paths and in collections)
 * and 11% in {@link #arithmetic} (Java code). As in {@link CpuSplit}, the method furthest below its
 * share runs next, for a slice of random length, and each call's own thread CPU time is what counts.
 *
 * <p>With {@code readers} &gt; 0, as many more threads wait in native reads all the while, half of
 * them on a pipe, half on a loopback socket, each woken by a byte every 200 ms: JFR's native-method
 * sampler takes one thread in native code per period, so they compete with {@code compress} for it,
 * and they use almost no CPU time.
 *
 * <p>Usage: {@code NativeMix [seconds=3] [readers=0]}. Prints
 * {@code split compress=45.0% allocate=44.0% arithmetic=11.0% cpuMs=N}, the shares it measured, and
 * per reader thread {@code reader-I cpuMs=N}.
 */
public final class NativeMix {
    static final String[] METHODS = {"compress", "allocate", "arithmetic"};
    static final double[] TARGET = {0.45, 0.44, 0.11};
    static volatile Object sink;
    static volatile double number;

    private static final byte[] INPUT = randomBytes(1 << 20);
    private static final byte[] OUTPUT = new byte[(1 << 20) + (1 << 16)];
    private static final Deflater DEFLATER = new Deflater(9, true);

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        int readers = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        System.out.println("NativeMix seconds=" + seconds + " readers=" + readers);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Readers waiting = new Readers(readers);
        long[] spent = new long[3];
        long total = 0;
        long random = System.nanoTime() | 1;
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            random ^= random << 13;
            random ^= random >>> 7;
            random ^= random << 17;
            // 0.5 to 1.5 times a slice of about a millisecond
            double length = 0.5 + (random >>> 11) / (double) (1L << 53);
            int pick = 0;
            double lowest = Double.MAX_VALUE;
            for (int k = 0; k < 3; k++) {
                double excess = (total == 0 ? 0 : spent[k] / (double) total) - TARGET[k];
                if (excess < lowest) {
                    lowest = excess;
                    pick = k;
                }
            }
            long before = mx.getCurrentThreadCpuTime();
            switch (pick) {
                case 0: compress((int) (24_000 * length)); break;
                case 1: allocate((int) (800 * length), random); break;
                default: arithmetic((int) (400_000 * length)); break;
            }
            long used = mx.getCurrentThreadCpuTime() - before;
            spent[pick] += used;
            total += used;
        }
        Truth.report(String.format(java.util.Locale.ROOT, "split compress=%.1f%% allocate=%.1f%% arithmetic=%.1f%% cpuMs=%d",
                100.0 * spent[0] / total, 100.0 * spent[1] / total, 100.0 * spent[2] / total, total / 1_000_000));
        waiting.report(mx);
        System.exit(0);
    }

    /** Threads that wait in native reads, and the thread that wakes them now and then. */
    private static final class Readers {
        private final Thread[] threads;

        Readers(int n) throws IOException {
            threads = new Thread[n];
            List<OutputStream> feeds = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                InputStream in;
                if (i % 2 == 0) {
                    Pipe pipe = Pipe.open();
                    in = Channels.newInputStream(pipe.source());
                    feeds.add(Channels.newOutputStream(pipe.sink()));
                } else {
                    ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                    Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                    in = server.accept().getInputStream();
                    feeds.add(client.getOutputStream());
                }
                InputStream source = in;
                threads[i] = new Thread(() -> read(source), "reader-" + i);
                threads[i].setDaemon(true);
                threads[i].start();
            }
            Thread feeder = new Thread(() -> feed(feeds), "feeder");
            feeder.setDaemon(true);
            if (n > 0) feeder.start();
        }

        private static void read(InputStream in) {
            try {
                while (in.read() >= 0) {
                    number += 1;
                }
            } catch (IOException e) {
                // closed at exit
            }
        }

        private static void feed(List<OutputStream> feeds) {
            try {
                while (true) {
                    Thread.sleep(200);
                    for (OutputStream out : feeds) {
                        out.write(1);
                        out.flush();
                    }
                }
            } catch (IOException | InterruptedException e) {
                // the end
            }
        }

        void report(ThreadMXBean mx) {
            for (int i = 0; i < threads.length; i++) {
                Truth.report("reader-" + i + " cpuMs=" + mx.getThreadCpuTime(threads[i].getId()) / 1_000_000);
            }
        }
    }

    /** Deflates {@code bytes} of random input at level 9, inside one native call. */
    static void compress(int bytes) {
        DEFLATER.reset();
        DEFLATER.setInput(INPUT, 0, Math.min(bytes, INPUT.length));
        DEFLATER.finish();
        int written = 0;
        while (!DEFLATER.finished()) written += DEFLATER.deflate(OUTPUT, written, OUTPUT.length - written);
        number += written;
    }

    /**
     * Allocates {@code arrays} arrays of 1 to 16 KiB, each dropped at once: TLAB refills and young
     * collections, and the zeroing of the arrays. (Arrays too large for a TLAB are zeroed inside the VM,
     * where even JDK 25's CPU-time sampler loses most of its samples.)
     */
    static void allocate(int arrays, long random) {
        for (int i = 0; i < arrays; i++) {
            long r = random * (i + 1) * 0x9E3779B97F4A7C15L;
            sink = new long[128 + (int) ((r >>> 40) % 1920)];
        }
    }

    static void arithmetic(int n) {
        double x = number;
        for (int i = 0; i < n; i++) x += Math.sqrt(x + i);
        number = x;
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        long r = 0x2545F4914F6CDD1DL;
        for (int i = 0; i < n; i++) {
            r ^= r << 13;
            r ^= r >>> 7;
            r ^= r << 17;
            bytes[i] = (byte) r;
        }
        return bytes;
    }
}
