package dev.jprof.capture;

import dev.jprof.capture.collapsed.CollapsedReader;
import dev.jprof.capture.jfr.JfrProfileReader;
import dev.jprof.capture.json.JsonProfileReader;
import dev.jprof.capture.trace.TraceFileReader;
import dev.jprof.model.Profile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads any saved profile jprof knows, telling the format from the content, not the name. */
public final class ProfileFiles {
    private static final byte[] JFR_MAGIC = {'F', 'L', 'R', 0};

    private ProfileFiles() {
    }

    public static Profile read(Path file) throws IOException {
        if (Files.isDirectory(file)) throw new ProfileFormatException(file + ": is a directory");
        if (!Files.exists(file)) throw new NoSuchFileException(file.toString(), null, "no such file");
        byte[] head = head(file, 64);
        if (startsWith(head, JFR_MAGIC)) return JfrProfileReader.read(file);
        if (TraceFileReader.isTrace(head)) return TraceFileReader.read(file);
        if (firstNonBlank(head) == '{') return JsonProfileReader.read(file);
        return CollapsedReader.read(file);
    }

    public static boolean isJfr(Path file) throws IOException {
        return startsWith(head(file, JFR_MAGIC.length), JFR_MAGIC);
    }

    private static byte[] head(Path file, int n) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(n);
        }
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        if (data.length < prefix.length) return false;
        for (int i = 0; i < prefix.length; i++) {
            if (data[i] != prefix[i]) return false;
        }
        return true;
    }

    private static int firstNonBlank(byte[] data) {
        for (byte b : data) {
            if (!Character.isWhitespace(b)) return b;
        }
        return -1;
    }
}
