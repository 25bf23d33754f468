package dev.jprof.render.text;

import dev.jprof.model.Attributes;
import dev.jprof.model.Profile;
import dev.jprof.model.Unit;
import dev.jprof.model.ValueType;
import dev.jprof.render.RenderOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Text shared by the text reports: the header, amounts, percentages and source locations. */
final class ReportText {
    private ReportText() {
    }

    /** Title, how the profile was taken, totals and warnings. */
    static List<String> header(Profile profile, RenderOptions options) {
        List<String> lines = new ArrayList<>();
        lines.add(options.titleFor(profile));
        String target = profile.attribute(Attributes.TARGET);
        if (target != null) lines.add("target: " + target);
        List<String> facts = new ArrayList<>();
        add(facts, "mode", profile.attribute(Attributes.MODE));
        add(facts, "engine", profile.attribute(Attributes.ENGINE));
        add(facts, "interval", nanos(profile.attribute(Attributes.INTERVAL_NANOS)));
        add(facts, "waits from", nanos(profile.attribute(Attributes.LOCK_THRESHOLD_NANOS)));
        add(facts, "one record per", nanos(profile.attribute(Attributes.LOCK_INTERVAL_NANOS)));
        add(facts, "duration", nanos(profile.attribute(Attributes.DURATION_NANOS)));
        add(facts, "achieved rate", rate(profile.attribute(Attributes.ACHIEVED_RATE)));
        if (!facts.isEmpty()) lines.add(String.join(", ", facts));
        List<String> totals = new ArrayList<>();
        for (int v = 0; v < profile.valueTypes().size(); v++) {
            ValueType type = profile.valueTypes().get(v);
            String amount = type.unit().format(profile.total(v));
            totals.add(type.name().equals(type.unit().symbol()) ? amount : amount + " " + type.name());
        }
        lines.add("total: " + String.join(", ", totals));
        for (String warning : profile.warnings()) lines.add("warning: " + warning);
        return lines;
    }

    private static void add(List<String> facts, String name, String value) {
        if (value != null && !value.isEmpty()) facts.add(name + ": " + value);
    }

    private static String nanos(String text) {
        if (text == null) return null;
        try {
            return Unit.NANOSECONDS.format(Long.parseLong(text.trim()));
        } catch (NumberFormatException e) {
            return text;
        }
    }

    private static String rate(String text) {
        if (text == null) return null;
        try {
            return String.format(Locale.ROOT, "%.1f/s per thread", Double.parseDouble(text.trim()));
        } catch (NumberFormatException e) {
            return text;
        }
    }

    /** A value without the unit word for counts ("1,234"), with it for time and bytes ("1.25 s"). */
    static String amount(Unit unit, long value) {
        return unit == Unit.SAMPLES || unit == Unit.CALLS ? String.format(Locale.ROOT, "%,d", value) : unit.format(value);
    }

    static String percent(long part, long whole) {
        return String.format(Locale.ROOT, "%.2f%%", whole == 0 ? 0.0 : 100.0 * part / whole);
    }

    /** "Foo.java:42", or "line 42" when the file is unknown; empty when the line is. */
    static String location(Profile profile, int frame) {
        int line = profile.frameLine(frame);
        if (line <= 0) return "";
        String file = profile.frameFile(frame);
        return file.isEmpty() ? "line " + line : file + ":" + line;
    }

    /** Index of the first value type measured in nanoseconds other than {@code except}, or -1. */
    static int timeIndex(Profile profile, int except) {
        for (int v = 0; v < profile.valueTypes().size(); v++) {
            if (v != except && profile.valueTypes().get(v).unit() == Unit.NANOSECONDS) return v;
        }
        return -1;
    }
}
