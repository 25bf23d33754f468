package dev.jprof.bench.workload;

import org.apache.commons.lang3.StringUtils;
import org.apache.commons.lang3.text.WordUtils;
import org.apache.commons.lang3.StringEscapeUtils;

import java.util.ArrayList;
import java.util.List;

/**
 * commons-lang3 at work (string utilities, escaping, word wrapping) for a number of rounds; prints each
 * round's time as "round N MILLIS" so a runner can compare steady-state rounds with and without tracing.
 */
@SuppressWarnings("deprecation")
public final class LangWorkload {
    private LangWorkload() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 12;
        List<String> words = new ArrayList<>();
        for (int i = 0; i < 2000; i++) words.add("word" + i + (i % 7 == 0 ? " <b>&amp;</b> " : " tail"));
        long sink = 0;
        for (int round = 0; round < rounds; round++) {
            long start = System.nanoTime();
            for (int rep = 0; rep < 20; rep++) {
                for (String word : words) {
                    String s = StringUtils.capitalize(StringUtils.reverse(StringUtils.trim(word)));
                    sink += StringUtils.countMatches(s, 'o') + StringUtils.indexOfAny(s, "xyz&") + StringUtils.length(s);
                    sink += StringEscapeUtils.escapeHtml4(s).length();
                    sink += StringUtils.isAlphanumeric(s) ? 1 : 0;
                }
                sink += WordUtils.wrap(StringUtils.join(words, ' '), 60).length();
            }
            System.out.println("round " + round + " " + (System.nanoTime() - start) / 1_000_000);
        }
        System.out.println(sink == 42 ? "" : "done");
    }
}
