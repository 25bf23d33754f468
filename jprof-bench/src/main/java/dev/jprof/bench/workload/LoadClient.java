package dev.jprof.bench.workload;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The request benchmark's load: HTTP/1.1 GETs on keep-alive connections to 127.0.0.1 (plain sockets, so the client
 * costs little and the same in every variant), a fixed number of requests over a few connections in parallel, each
 * connection sending its next request as soon as the last answer is read (closed loop).
 *
 * <p>Usage: {@code LoadClient PORT CONNECTIONS PIDS PHASE...} where PIDS are the processes whose CPU time each phase
 * reports (comma-separated, from /proc; "-" for none) and a PHASE is
 * <ul>
 * <li>{@code warm:PATH:N}: N requests, nothing reported;</li>
 * <li>{@code load:PATH:N}: N requests; prints {@code load PATH N SECONDS P50_NS P99_NS CPU_TICKS} (latency of each
 *     request from its first byte sent to its last byte read; CPU of PIDS in clock ticks);</li>
 * <li>{@code profiled:PATH:N:KEYFILE}: on one connection, N pairs of the same request with and without a signed
 *     {@code jprof request} trigger, alternating which goes first; prints {@code pair PATH PROFILED_NS UNPROFILED_NS}
 *     per pair. Needs jprof's agent jar on the class path (its trigger signature).</li>
 * </ul>
 */
public final class LoadClient {
    private final int port;
    private final int connections;
    private final List<Long> pids;

    LoadClient(int port, int connections, List<Long> pids) {
        this.port = port;
        this.connections = connections;
        this.pids = pids;
    }

    public static void main(String[] args) throws Exception {
        List<Long> pids = new ArrayList<>();
        if (!args[2].equals("-")) for (String p : args[2].split(",")) pids.add(Long.parseLong(p));
        LoadClient client = new LoadClient(Integer.parseInt(args[0]), Integer.parseInt(args[1]), pids);
        for (int i = 3; i < args.length; i++) {
            String[] phase = args[i].split(":", 4);
            int n = Integer.parseInt(phase[2]);
            switch (phase[0]) {
                case "warm" -> client.load(phase[1], n);
                case "load" -> {
                    long ticks = client.cpuTicks();
                    long start = System.nanoTime();
                    long[] nanos = client.load(phase[1], n);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    long used = client.cpuTicks() - ticks;
                    Arrays.sort(nanos);
                    System.out.println(String.format(Locale.ROOT, "load %s %d %.6f %d %d %d", phase[1], n, seconds,
                            percentile(nanos, 0.50), percentile(nanos, 0.99), used));
                }
                case "profiled" -> client.profiled(phase[1], n, Files.readAllBytes(Path.of(phase[3])));
                default -> throw new IllegalArgumentException("unknown phase " + args[i]);
            }
            System.out.flush();
        }
    }

    /** The nearest-rank percentile of sorted values: the smallest value with at least {@code q} of them at or below it. */
    static long percentile(long[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** {@code n} requests over the connections; each request's latency in nanoseconds. */
    long[] load(String path, int n) throws Exception {
        long[] nanos = new long[n];
        AtomicInteger next = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int c = 0; c < connections; c++) {
            Thread t = new Thread(() -> {
                try (Connection connection = new Connection(port)) {
                    for (int i; (i = next.getAndIncrement()) < n; ) {
                        long start = System.nanoTime();
                        connection.get(path, null);
                        nanos[i] = System.nanoTime() - start;
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "load-" + c);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) t.join();
        if (!failures.isEmpty()) throw new IOException("a connection failed: " + failures.get(0), failures.get(0));
        return nanos;
    }

    private void profiled(String path, int pairs, byte[] key) throws IOException {
        SecureRandom random = new SecureRandom();
        try (Connection connection = new Connection(port)) {
            for (int i = 0; i < pairs; i++) {
                byte[] nonce = new byte[16];
                random.nextBytes(nonce);
                String rawPath = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
                String trigger = dev.jprof.agent.request.TriggerSignature.sign(key, "GET", rawPath, System.currentTimeMillis() / 1000 + 60,
                        HexFormat.of().formatHex(nonce));
                long profiled = 0;
                long plain = 0;
                for (int k = 0; k < 2; k++) {
                    boolean withTrigger = (k == 0) == (i % 2 == 0);
                    long start = System.nanoTime();
                    connection.get(path, withTrigger ? trigger : null);
                    long t = System.nanoTime() - start;
                    if (withTrigger) profiled = t;
                    else plain = t;
                }
                System.out.println("pair " + path + " " + profiled + " " + plain);
            }
        }
    }

    /** utime + stime of the watched processes, in clock ticks. */
    private long cpuTicks() throws IOException {
        long ticks = 0;
        for (long pid : pids) {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        }
        return ticks;
    }

    /** One keep-alive HTTP/1.1 connection. */
    private static final class Connection implements AutoCloseable {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;
        private final String host;

        Connection(int port) throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(60_000);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            host = "127.0.0.1:" + port;
        }

        /** Sends a GET and reads the whole answer; throws unless it is a 200. */
        void get(String path, String trigger) throws IOException {
            String request = "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n"
                    + (trigger == null ? "" : "X-Jprof-Trigger: " + trigger + "\r\n") + "\r\n";
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String status = line();
            if (!status.startsWith("HTTP/1.1 200")) throw new IOException("answer to " + path + ": " + status);
            long length = -1;
            boolean chunked = false;
            for (String header; !(header = line()).isEmpty(); ) {
                String lower = header.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) length = Long.parseLong(lower.substring(15).trim());
                if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) chunked = true;
            }
            if (chunked) {
                for (long size; (size = Long.parseLong(line().split(";")[0].trim(), 16)) > 0; ) {
                    skip(size);
                    line();
                }
                while (!line().isEmpty()) {
                    // trailers
                }
            } else if (length >= 0) {
                skip(length);
            } else {
                throw new IOException("answer to " + path + " has neither a length nor chunks");
            }
        }

        private void skip(long n) throws IOException {
            for (long left = n; left > 0; ) {
                long skipped = in.skip(left);
                if (skipped <= 0) {
                    if (in.read() < 0) throw new IOException("connection closed mid-answer");
                    skipped = 1;
                }
                left -= skipped;
            }
        }

        private String line() throws IOException {
            ByteArrayOutputStream text = new ByteArrayOutputStream(64);
            for (int b; (b = in.read()) != '\n'; ) {
                if (b < 0) throw new IOException("connection closed");
                if (b != '\r') text.write(b);
            }
            return text.toString(StandardCharsets.US_ASCII);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
