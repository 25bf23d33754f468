package dev.jprof.render;

import java.util.Locale;
import java.util.Optional;

/** What a profile can be written as. */
public enum Format {
    /** Self-contained interactive flame graph. */
    HTML("html"),
    /** Brendan Gregg's folded stacks, one "frame;frame;... count" line per stack. */
    COLLAPSED("collapsed"),
    /** The raw JFR recording; not rendered from a profile but copied. */
    JFR("jfr"),
    /** Per-method self and total, pstats style. */
    TABLE("txt"),
    /** Indented call tree, pyinstrument style. */
    TREE("tree"),
    /** The whole profile as jprof JSON (docs/json-format.md). */
    JSON("json"),
    /** pprof's gzipped profile.proto, for go tool pprof. */
    PPROF("pb.gz"),
    /** speedscope's JSON file format, one profile per thread. */
    SPEEDSCOPE("speedscope.json");

    private final String extension;

    Format(String extension) {
        this.extension = extension;
    }

    /** The name users type: "html", "collapsed", ... */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The usual file extension, without the dot. */
    public String extension() {
        return extension;
    }

    /** A format by name, case-insensitive; "folded" and "flamegraph" are accepted too. */
    public static Format parse(String name) {
        String text = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        if (text.equals("folded")) return COLLAPSED;
        if (text.equals("flamegraph")) return HTML;
        for (Format format : values()) {
            if (format.label().equals(text)) return format;
        }
        throw new IllegalArgumentException("unknown format '" + name + "' (expected html, collapsed, jfr, table, tree, json, pprof or speedscope)");
    }

    /** The format a file name's extension stands for, if any. */
    public static Optional<Format> fromFileName(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        if (name.endsWith(".speedscope.json")) return Optional.of(SPEEDSCOPE);
        if (name.endsWith(".pb.gz") || name.endsWith(".pprof")) return Optional.of(PPROF);
        int dot = name.lastIndexOf('.');
        if (dot < 0) return Optional.empty();
        return switch (name.substring(dot + 1)) {
            case "html", "htm" -> Optional.of(HTML);
            case "collapsed", "folded" -> Optional.of(COLLAPSED);
            case "jfr" -> Optional.of(JFR);
            case "json" -> Optional.of(JSON);
            case "txt" -> Optional.of(TABLE);
            case "tree" -> Optional.of(TREE);
            default -> Optional.empty();
        };
    }
}
