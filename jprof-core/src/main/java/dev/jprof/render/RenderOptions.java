package dev.jprof.render;

import dev.jprof.model.Attributes;
import dev.jprof.model.Profile;
import dev.jprof.model.ValueType;

import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How to draw a profile.
 *
 * @param title      report title; null = the profile's "title" attribute, else "jprof"
 * @param value      name of the value type to draw; null = "samples" when the profile has it, else its first
 * @param sort       row order (table only)
 * @param top        number of rows (table only); 0 = all
 * @param showAll    tree: do not fold JDK plumbing frames
 * @param minPercent tree: fold nodes below this share of the total, in percent
 */
public record RenderOptions(String title, String value, Sort sort, int top, boolean showAll, double minPercent) {
    /** Rows a table printed on a terminal shows by default. */
    public static final int PRINT_TOP = 30;
    public static final double DEFAULT_MIN_PERCENT = 0.5;

    /** Order of table rows. */
    public enum Sort {
        /** Largest self value first. */
        SELF,
        /** Largest total value first. */
        TOTAL,
        /** Alphabetical by method. */
        NAME;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public RenderOptions {
        if (sort == null) sort = Sort.SELF;
        if (top < 0) throw new IllegalArgumentException("top must be 0 or more, not " + top);
        if (minPercent < 0 || minPercent > 100) throw new IllegalArgumentException("minPercent must be within 0..100, not " + minPercent);
    }

    /** Title from the profile, value "samples" or the first, sorted by self, all rows, JDK frames folded, 0.5% fold. */
    public static RenderOptions defaults() {
        return new RenderOptions(null, null, Sort.SELF, 0, false, DEFAULT_MIN_PERCENT);
    }

    public RenderOptions withTitle(String title) {
        return new RenderOptions(title, value, sort, top, showAll, minPercent);
    }

    public RenderOptions withValue(String value) {
        return new RenderOptions(title, value, sort, top, showAll, minPercent);
    }

    public RenderOptions withSort(Sort sort) {
        return new RenderOptions(title, value, sort, top, showAll, minPercent);
    }

    public RenderOptions withTop(int top) {
        return new RenderOptions(title, value, sort, top, showAll, minPercent);
    }

    public RenderOptions withShowAll(boolean showAll) {
        return new RenderOptions(title, value, sort, top, showAll, minPercent);
    }

    public RenderOptions withMinPercent(double minPercent) {
        return new RenderOptions(title, value, sort, top, showAll, minPercent);
    }

    /** The title to show for this profile. */
    public String titleFor(Profile profile) {
        if (title != null) return title;
        String attribute = profile.attribute(Attributes.TITLE);
        return attribute != null ? attribute : "jprof";
    }

    /** Index of the value type to draw; IllegalArgumentException naming the choices when the profile lacks it. */
    public int valueIndex(Profile profile) {
        if (value == null) {
            int samples = profile.valueTypeIndex(ValueType.SAMPLES.name());
            return samples >= 0 ? samples : 0;
        }
        int index = profile.valueTypeIndex(value);
        if (index < 0) {
            String names = profile.valueTypes().stream().map(ValueType::name).collect(Collectors.joining(", "));
            throw new IllegalArgumentException("the profile has no value '" + value + "' (it has " + names + ")");
        }
        return index;
    }
}
