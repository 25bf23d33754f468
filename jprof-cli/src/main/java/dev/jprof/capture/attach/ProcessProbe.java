package dev.jprof.capture.attach;

import dev.jprof.capture.attach.AttachException.Reason;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Looks at a process through /proc before jprof attaches to it, so that each failure gets its own
 * clear message and so that a process that is not a ready HotSpot JVM never receives the SIGQUIT
 * the attach handshake sends (it would kill a non-JVM process or a JVM run with -Xrs; a JDK 17
 * client sends it without checking). Where /proc is missing (not Linux) nothing is checked.
 */
final class ProcessProbe {
    private static final Path PROC = Path.of("/proc");
    private static final long SIGQUIT_BIT = 1L << (3 - 1);
    /** Launcher options whose value is the next argument (so the value is not taken for the main class). */
    private static final Set<String> OPTIONS_WITH_VALUE = Set.of("-cp", "-classpath", "--class-path", "-p",
            "--module-path", "--upgrade-module-path", "--add-modules", "--add-reads", "--add-exports", "--add-opens",
            "--limit-modules", "--patch-module", "--enable-native-access", "--source");

    private ProcessProbe() {
    }

    /** Throws the matching {@link AttachException} when jprof should not, or cannot, attach to {@code pid}. */
    static void check(long pid) throws AttachException {
        if (pid <= 0) throw new AttachException(Reason.NO_SUCH_PROCESS, "no process with pid " + pid);
        if (pid == ProcessHandle.current().pid()) {
            throw new AttachException(Reason.SELF, "pid " + pid + " is jprof itself: give the pid of another JVM");
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive()) {
            throw new AttachException(Reason.NO_SUCH_PROCESS, "no process with pid " + pid);
        }
        if (!Files.isDirectory(PROC.resolve("self"))) return;
        Path proc = PROC.resolve(Long.toString(pid));
        Map<String, String> status = status(proc);
        if (status == null) throw new AttachException(Reason.NO_SUCH_PROCESS, "no process with pid " + pid);
        if (status.getOrDefault("State", "").startsWith("Z")) {
            throw new AttachException(Reason.NO_SUCH_PROCESS, "no process with pid " + pid + " (it has exited)");
        }
        long targetUid = uid(status);
        long ownUid = ownUid();
        if (ownUid != 0 && targetUid >= 0 && ownUid >= 0 && targetUid != ownUid) {
            String user = handle.get().info().user().orElse("uid " + targetUid);
            throw new AttachException(Reason.OTHER_USER,
                    "process " + pid + " belongs to another user (" + user + "): run jprof as that user");
        }
        String name = status.getOrDefault("Name", "?");
        String vm = vmLibrary(proc);
        if ("none".equals(vm)) {
            throw new AttachException(Reason.NOT_A_JVM, "process " + pid + " (" + name + ") is not a Java VM");
        }
        if ("openj9".equals(vm)) {
            throw new AttachException(Reason.UNSUPPORTED,
                    "JVM " + pid + " is an OpenJ9 VM: jprof attaches to HotSpot JVMs (OpenJDK, Temurin, Oracle, ...)");
        }
        if (attachDisabledByOptions(proc)) {
            throw new AttachException(Reason.ATTACH_DISABLED,
                    "JVM " + pid + " was started with -XX:+DisableAttachMechanism");
        }
        // The attach listener is started by SIGQUIT unless it already runs; never signal a process that would die of it.
        if (!Files.exists(socketFile(proc, status, pid)) && !catchesSigquit(status)) {
            if (vm == null) {
                throw new AttachException(Reason.NOT_A_JVM,
                        "process " + pid + " (" + name + ") is not a Java VM (or attach is disabled in it)");
            }
            throw new AttachException(Reason.ATTACH_DISABLED, "JVM " + pid
                    + " does not handle SIGQUIT (started with -Xrs, or still starting up), so jprof cannot attach to it");
        }
    }

    /** The effective uid of a process, or -1 when unknown. */
    static long uid(long pid) {
        Map<String, String> status = status(PROC.resolve(Long.toString(pid)));
        return status == null ? -1 : uid(status);
    }

    /** jprof's own effective uid, or -1 when unknown (not Linux). */
    static long ownUid() {
        Map<String, String> status = status(PROC.resolve("self"));
        return status == null ? -1 : uid(status);
    }

    private static Map<String, String> status(Path proc) {
        try {
            Map<String, String> fields = new HashMap<>();
            for (String line : Files.readAllLines(proc.resolve("status"), StandardCharsets.UTF_8)) {
                int colon = line.indexOf(':');
                if (colon > 0) fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
            return fields;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long uid(Map<String, String> status) {
        String[] ids = status.getOrDefault("Uid", "").split("\\s+");
        try {
            return ids.length > 1 ? Long.parseLong(ids[1]) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** "hotspot", "openj9", "none" (maps readable, no VM library), or null when the maps cannot be read. */
    private static String vmLibrary(Path proc) {
        try (Stream<String> lines = Files.lines(proc.resolve("maps"), StandardCharsets.ISO_8859_1)) {
            boolean[] found = new boolean[2];
            lines.forEach(line -> {
                if (line.endsWith("/libjvm.so")) found[0] = true;
                else if (line.contains("/libj9vm")) found[1] = true;
            });
            return found[1] ? "openj9" : found[0] ? "hotspot" : "none";
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static boolean catchesSigquit(Map<String, String> status) {
        return (mask(status, "SigCgt") & SIGQUIT_BIT) != 0 && (mask(status, "SigIgn") & SIGQUIT_BIT) == 0;
    }

    private static long mask(Map<String, String> status, String field) {
        String hex = status.getOrDefault(field, "0");
        try {
            return Long.parseUnsignedLong(hex.substring(Math.max(0, hex.length() - 16)), 16);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Where HotSpot's attach listener puts its socket: /tmp of the process's mount namespace, named by its own pid. */
    private static Path socketFile(Path proc, Map<String, String> status, long pid) {
        String[] nspids = status.getOrDefault("NSpid", Long.toString(pid)).split("\\s+");
        String nspid = nspids[nspids.length - 1];
        return proc.resolve("root").resolve("tmp").resolve(".java_pid" + nspid);
    }

    /** Whether the launcher arguments or the JVM option variables switch the attach mechanism off (last one wins). */
    private static boolean attachDisabledByOptions(Path proc) {
        List<String> options = new ArrayList<>();
        Map<String, String> env = environment(proc);
        options.addAll(split(env.get("JAVA_TOOL_OPTIONS")));
        options.addAll(split(env.get("JDK_JAVA_OPTIONS")));
        options.addAll(jvmOptions(commandLine(proc)));
        options.addAll(split(env.get("_JAVA_OPTIONS")));
        boolean disabled = false;
        for (String option : options) {
            if (option.equals("-XX:+DisableAttachMechanism")) disabled = true;
            else if (option.equals("-XX:-DisableAttachMechanism")) disabled = false;
        }
        return disabled;
    }

    private static List<String> commandLine(Path proc) {
        try {
            String text = new String(readAll(proc.resolve("cmdline")), StandardCharsets.UTF_8);
            return List.of(text.split("\0"));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** The arguments before the main class or -jar: what the JVM reads as its own options. */
    private static List<String> jvmOptions(List<String> argv) {
        List<String> options = new ArrayList<>();
        for (int i = 1; i < argv.size(); i++) {
            String arg = argv.get(i);
            if (!arg.startsWith("-") || arg.equals("-jar") || arg.equals("-m") || arg.equals("--module")) break;
            options.add(arg);
            if (OPTIONS_WITH_VALUE.contains(arg)) i++;
        }
        return options;
    }

    private static Map<String, String> environment(Path proc) {
        Map<String, String> env = new HashMap<>();
        try {
            String text = new String(readAll(proc.resolve("environ")), StandardCharsets.UTF_8);
            for (String entry : text.split("\0")) {
                int eq = entry.indexOf('=');
                if (eq > 0) env.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        } catch (IOException | RuntimeException e) {
            // unreadable: the attach itself will tell
        }
        return env;
    }

    /** Reads to the end in a loop: /proc files report size 0, which Files.readAllBytes/readString can trust too much. */
    private static byte[] readAll(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readAllBytes();
        }
    }

    private static List<String> split(String options) {
        if (options == null || options.isBlank()) return List.of();
        return List.of(options.trim().split("\\s+"));
    }
}
