package dev.jprof.capture.request;

import dev.jprof.output.OutputFile;
import dev.jprof.model.Attributes;
import dev.jprof.model.Profile;
import dev.jprof.render.Format;
import dev.jprof.render.RenderOptions;
import dev.jprof.render.Renderer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A folder of request profiles, one jprof JSON file each, named by the request's start (UTC), method and path
 * ({@code 20261204-183600.123-GET-orders.json}) so that their names sort oldest first; bounded by count and by
 * size, the oldest removed first (the newest stays, even alone over the size). Files of other names in the folder are left alone.
 */
public final class KeptRequests {
    /** The names this folder writes, and the only ones it ever removes. */
    public static final Pattern NAME = Pattern.compile("\\d{8}-\\d{6}\\.\\d{3}-[A-Za-z0-9_.-]*\\.json");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss.SSS", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final int STAMP_LENGTH = "yyyyMMdd-HHmmss.SSS".length();
    private final Path dir;
    private final int maxCount;
    private final long maxBytes;

    public KeptRequests(Path dir, int maxCount, long maxBytes) {
        this.dir = dir;
        this.maxCount = maxCount;
        this.maxBytes = maxBytes;
    }

    public Path dir() {
        return dir;
    }

    public int maxCount() {
        return maxCount;
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** Writes the profile of one request (see RequestProfiles.ofRequest), then removes the oldest beyond the bounds. */
    public Path keep(Profile profile) throws IOException {
        long startMillis = Long.parseLong(profile.attribute(Attributes.START_MILLIS));
        String method = slug(profile.attribute(Attributes.REQUEST_METHOD));
        String url = profile.attribute(Attributes.REQUEST_URL);
        int query = url.indexOf('?');
        String path = slug(query < 0 ? url : url.substring(0, query));
        if (path.length() > 60) path = path.substring(0, 60);
        String stem = STAMP.format(Instant.ofEpochMilli(startMillis)) + "-" + method + (path.isEmpty() ? "" : "-" + path);
        Path file = dir.resolve(stem + ".json");
        for (int n = 2; Files.exists(file); n++) file = dir.resolve(stem + "-" + n + ".json");
        Renderer json = Renderer.forFormat(Format.JSON);
        OutputFile.write(file, out -> json.render(profile, RenderOptions.defaults(), out));
        prune();
        return file;
    }

    /** The kept profiles, oldest first (by the start in their names, then by when they were written). */
    public List<Path> files() throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(f -> NAME.matcher(f.getFileName().toString()).matches() && Files.isRegularFile(f))
                    .sorted(Comparator.comparing((Path f) -> f.getFileName().toString().substring(0, STAMP_LENGTH))
                            .thenComparingLong(KeptRequests::modified).thenComparing(Path::compareTo)).toList();
        }
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private void prune() throws IOException {
        List<Path> files = new ArrayList<>(files());
        long bytes = 0;
        for (Path f : files) bytes += Files.size(f);
        // the newest stays even alone over the size: the request just kept is the one the user is waiting for
        while (files.size() > 1 && (files.size() > maxCount || bytes > maxBytes)) {
            Path oldest = files.remove(0);
            bytes -= Files.size(oldest);
            Files.deleteIfExists(oldest);
        }
    }

    private static String slug(String text) {
        String s = text == null ? "" : text.replaceAll("[^A-Za-z0-9_.-]+", "_");
        s = s.replaceAll("^[_.]+|_+$", "");
        return s;
    }
}
