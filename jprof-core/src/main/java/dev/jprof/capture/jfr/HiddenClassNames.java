package dev.jprof.capture.jfr;

import java.util.regex.Pattern;

/**
 * Names of hidden classes (lambdas, method-handle forms) carry a per-run address and counter,
 * {@code Foo$$Lambda$94/0x00007f6ce000eef0}; without them the same lambda has the same name in every
 * run and profiles can be compared and merged (async-profiler's --norm, always on here).
 */
public final class HiddenClassNames {
    private static final Pattern ADDRESS = Pattern.compile("[/+]0x[0-9a-fA-F]+");
    private static final Pattern LAMBDA_COUNTER = Pattern.compile("\\$\\$Lambda\\$\\d+");
    /** JFR writes some hidden classes as {@code java.lang.invoke.LambdaForm$MH.1422222071}: no identifier starts with a digit. */
    private static final Pattern NUMERIC_SUFFIX = Pattern.compile("\\.\\d+$");

    private HiddenClassNames() {
    }

    public static String normalize(String className) {
        if (className.indexOf("0x") < 0 && className.indexOf("$$Lambda$") < 0 && !NUMERIC_SUFFIX.matcher(className).find()) {
            return className;
        }
        String name = ADDRESS.matcher(className).replaceAll("");
        name = NUMERIC_SUFFIX.matcher(name).replaceAll("");
        return LAMBDA_COUNTER.matcher(name).replaceAll("\\$\\$Lambda");
    }
}
