package dev.jprof.agent.request;

/** A URL's query string with its values elided: {@code id=7&q=shoes} becomes {@code id=?&q=?}. */
final class QueryText {
    private static final int MAX_LENGTH = 500;

    private QueryText() {
    }

    /** Null for no query. */
    static String elide(String raw) {
        if (raw == null || raw.isEmpty()) return null;
        StringBuilder out = new StringBuilder();
        for (String part : raw.split("&", -1)) {
            if (out.length() > 0) out.append('&');
            int eq = part.indexOf('=');
            out.append(eq < 0 ? part : part.substring(0, eq + 1) + "?");
            if (out.length() > MAX_LENGTH) {
                out.setLength(MAX_LENGTH);
                out.append("...");
                break;
            }
        }
        return out.toString();
    }
}
