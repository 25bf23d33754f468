package dev.jprof.testapps;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.zip.Deflater;

/**
 * Ground truth for CPU time outside Java code: the main thread spends about 45% of its CPU time in
 * {@link #compress} (zlib's deflate, native code behind JNI), 44% in {@link #allocate} (short-lived
 * arrays: TLAB refills, allocations outside a TLAB and the zeroing of their memory run inside the VM)
 * and 11% in {@link #arithmetic} (Java code). As in {@link CpuSplit}, the method furthest below its
 * share runs next, for a slice of random length, and each call's own thread CPU time is what counts.
 *
 * <p>Usage: {@code NativeMix [seconds=3]}. Prints
 * {@code split compress=45.0% allocate=44.0% arithmetic=11.0% cpuMs=N}, the shares it measured.
 */
public final class NativeMix {
    static final String[] METHODS = {"compress", "allocate", "arithmetic"};
    static final double[] TARGET = {0.45, 0.44, 0.11};
    static volatile Object sink;
    static volatile double number;

    private static final byte[] INPUT = randomBytes(1 << 20);
    private static final byte[] OUTPUT = new byte[(1 << 20) + (1 << 16)];
    private static final Deflater DEFLATER = new Deflater(9, true);

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        System.out.println("NativeMix seconds=" + seconds);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
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
                case 1: allocate((int) (12 * length), random); break;
                default: arithmetic((int) (400_000 * length)); break;
            }
            long used = mx.getCurrentThreadCpuTime() - before;
            spent[pick] += used;
            total += used;
        }
        Truth.report(String.format(java.util.Locale.ROOT, "split compress=%.1f%% allocate=%.1f%% arithmetic=%.1f%% cpuMs=%d",
                100.0 * spent[0] / total, 100.0 * spent[1] / total, 100.0 * spent[2] / total, total / 1_000_000));
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

    /** Allocates {@code arrays} arrays of 64 KiB to 1 MiB, each dropped at once. */
    static void allocate(int arrays, long random) {
        for (int i = 0; i < arrays; i++) {
            long r = random * (i + 1) * 0x9E3779B97F4A7C15L;
            sink = new long[8192 + (int) ((r >>> 40) % 122_880)];
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
