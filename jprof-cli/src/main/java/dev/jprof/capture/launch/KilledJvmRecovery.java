package dev.jprof.capture.launch;

import dev.jprof.capture.FlushedChunks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Rebuilds the recording of a JVM that was killed before it could write its own (SIGKILL, a crash,
 * the OOM killer) from the chunks JFR keeps in its disk repository ({@link FlushedChunks}).
 */
final class KilledJvmRecovery {
    /** JFR names a JVM's repository folder {@code yyyy_MM_dd_HH_mm_ss_<pid>}. */
    private static final Pattern JVM_FOLDER = Pattern.compile(".*_(\\d+)");

    private KilledJvmRecovery() {
    }

    /**
     * For each JVM folder in {@code repository} whose {@code <pid>.jfr} is missing or empty in {@code work},
     * writes that file from the folder's chunks. Returns the pids recovered.
     */
    static List<Long> recover(Path repository, Path work) throws IOException {
        List<Long> recovered = new ArrayList<>();
        if (!Files.isDirectory(repository)) return recovered;
        List<Path> folders;
        try (Stream<Path> list = Files.list(repository)) {
            folders = list.filter(Files::isDirectory).sorted().toList();
        }
        for (Path folder : folders) {
            Matcher m = JVM_FOLDER.matcher(folder.getFileName().toString());
            if (!m.matches()) continue;
            long pid = Long.parseLong(m.group(1));
            Path target = work.resolve(pid + ".jfr");
            if (Files.isRegularFile(target) && Files.size(target) > 0) continue;
            if (FlushedChunks.copy(folder, target)) recovered.add(pid);
        }
        return recovered;
    }
}
