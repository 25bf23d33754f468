package dev.jprof.render.text;

import java.util.List;

/**
 * JDK frames that only carry a call along (reflection, method handles, thread and pool loops):
 * they rarely matter, so the tree folds runs of them into one line.
 */
final class JdkPlumbing {
    private static final List<String> PACKAGES = List.of(
            "java.lang.reflect.", "java.lang.invoke.", "jdk.internal.", "sun.reflect.", "sun.invoke.");
    private static final List<String> CLASSES = List.of(
            "java.util.concurrent.ThreadPoolExecutor", "java.util.concurrent.ScheduledThreadPoolExecutor",
            "java.util.concurrent.ForkJoin", "java.util.concurrent.FutureTask",
            "java.util.concurrent.Executors$RunnableAdapter", "java.util.concurrent.CompletableFuture$Async");

    private JdkPlumbing() {
    }

    static boolean is(String className, String method) {
        if (className.isEmpty()) return false;
        for (String prefix : PACKAGES) {
            if (className.startsWith(prefix)) return true;
        }
        for (String prefix : CLASSES) {
            if (className.startsWith(prefix)) return true;
        }
        if (className.equals("java.lang.Thread") || className.equals("java.lang.VirtualThread")) {
            return method.equals("run") || method.startsWith("runWith");
        }
        // lambda and hidden classes spun at run time only forward the call
        return className.contains("$$Lambda");
    }
}
