package dev.jprof.capture.jfr;

import java.util.regex.Pattern;

/**
 * Names of hidden classes (lambdas, method-handle forms) carry a per-run address and counter,
 * {@code Foo$$Lambda$94/0x00007f6ce000eef0}; without them the same lambda has the same name in every
 * run and profiles can be compared and merged (async-profiler's --norm, always on here).
 */
final class HiddenClassNames {
    private static final Pattern ADDRESS = Pattern.compile("[/+]0x[0-9a-fA-F]+");
    private static final Pattern LAMBDA_COUNTER = Pattern.compile("\\$\\$Lambda\\$\\d+");

    private HiddenClassNames() {
    }

    static String normalize(String className) {
        if (className.indexOf("0x") < 0 && className.indexOf("$$Lambda$") < 0) return className;
        return LAMBDA_COUNTER.matcher(ADDRESS.matcher(className).replaceAll("")).replaceAll("\\$\\$Lambda");
    }
}
