package dev.jprof.agent.wall;

/**
 * A stack as the text of jprof.WaitSample's stack field: one frame per line, leaf first, each line
 * {@code class\tmethod\tfile\tline} (file empty and line 0 when unknown).
 */
public final class StackText {
    private StackText() {
    }

    public static String format(StackTraceElement[] frames, int maxDepth) {
        int n = Math.min(frames.length, maxDepth);
        StringBuilder text = new StringBuilder(n * 64);
        for (int i = 0; i < n; i++) {
            StackTraceElement frame = frames[i];
            if (i > 0) text.append('\n');
            String file = frame.getFileName();
            int line = frame.getLineNumber();
            text.append(frame.getClassName()).append('\t')
                    .append(frame.getMethodName()).append('\t')
                    .append(file == null ? "" : file).append('\t')
                    .append(line > 0 ? line : 0);
        }
        return text.toString();
    }
}
