package dev.jprof.capture.attach;

import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;

/**
 * The JVMs jprof could attach to on this machine: those the Attach API lists (the ones with a
 * hsperfdata file this user can read), each with facts read from that file and from /proc. Nothing
 * is sent to the JVMs: no attach, no signal, so listing leaves nothing behind in them.
 */
public final class LocalJvms {
    /**
     * One JVM. {@code problem} is null when jprof can attach to it, else the reason it cannot.
     * Unknown facts are "" (strings) or null (uptime).
     */
    public record LocalJvm(long pid, String mainClass, String arguments, String javaVersion, Duration uptime, String problem) {
    }

    private LocalJvms() {
    }

    public static List<LocalJvm> list() {
        long self = ProcessHandle.current().pid();
        Map<Long, String> candidates = new TreeMap<>();
        for (VirtualMachineDescriptor vm : VirtualMachine.list()) {
            try {
                candidates.put(Long.parseLong(vm.id()), vm.displayName());
            } catch (NumberFormatException e) {
                // not a pid
            }
        }
        // the Attach API leaves out JVMs that refuse attach; their hsperfdata files still show them
        for (long pid : perfDataPids()) candidates.putIfAbsent(pid, "");
        List<LocalJvm> jvms = new ArrayList<>();
        candidates.forEach((pid, displayName) -> {
            if (pid != self && JvmConnection.alive(pid)) jvms.add(describe(pid, displayName));
        });
        return jvms;
    }

    /** Pids of the readable hsperfdata files in this machine's temporary folder. */
    private static List<Long> perfDataPids() {
        List<Long> pids = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of(System.getProperty("java.io.tmpdir")), "hsperfdata_*")) {
            for (Path dir : dirs) {
                try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
                    for (Path file : files) {
                        String name = file.getFileName().toString();
                        if (name.matches("\\d+") && Files.isReadable(file)) pids.add(Long.parseLong(name));
                    }
                } catch (IOException | RuntimeException e) {
                    // another user's folder
                }
            }
        } catch (IOException | RuntimeException e) {
            // no temporary folder to look in
        }
        return pids;
    }

    static LocalJvm describe(long pid, String displayName) {
        Optional<PerfData> perf = perfData(pid);
        String command = perf.map(p -> p.string("sun.rt.javaCommand")).filter(s -> !s.isEmpty()).orElse(displayName);
        command = command == null ? "" : command.trim();
        int space = command.indexOf(' ');
        String main = space < 0 ? command : command.substring(0, space);
        String arguments = space < 0 ? "" : command.substring(space + 1).trim();
        String version = perf.map(p -> p.string("java.property.java.version")).orElse("");
        Duration uptime = perf.map(p -> p.longs().get("sun.rt.createVmBeginTime"))
                .map(start -> Duration.between(Instant.ofEpochMilli(start), Instant.now()))
                .or(() -> ProcessHandle.of(pid).flatMap(h -> h.info().startInstant()).map(s -> Duration.between(s, Instant.now())))
                .orElse(null);
        String problem = null;
        try {
            ProcessProbe.check(pid);
        } catch (AttachException e) {
            problem = e.getMessage();
        }
        return new LocalJvm(pid, main, arguments, version, uptime, problem);
    }

    /** The JVM's hsperfdata file: {@code hsperfdata_USER/PID} in its /tmp (seen through /proc/PID/root), else in ours. */
    private static Optional<PerfData> perfData(long pid) {
        List<Path> tmps = new ArrayList<>();
        tmps.add(Path.of("/proc", Long.toString(pid), "root", "tmp"));
        tmps.add(Path.of(System.getProperty("java.io.tmpdir")));
        for (Path tmp : tmps) {
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, "hsperfdata_*")) {
                for (Path dir : dirs) {
                    Path file = dir.resolve(Long.toString(pid));
                    if (Files.isRegularFile(file)) return Optional.of(PerfData.read(file));
                }
            } catch (IOException | RuntimeException e) {
                // not readable from here: try the next place
            }
        }
        return Optional.empty();
    }
}
