package dev.jprof.agent.request;

/**
 * A SQL statement with its literal values elided: quoted strings and numbers become {@code ?}, runs of
 * white space one space. Identifiers keep their digits ({@code t1}, {@code col_2}); quoted identifiers
 * ({@code "name"}) stay.
 */
public final class SqlText {
    /** Longer statements are cut here (after eliding). */
    static final int MAX_LENGTH = 2000;

    private SqlText() {
    }

    public static String elide(String sql) {
        if (sql == null) return "[unknown statement]";
        StringBuilder out = new StringBuilder(Math.min(sql.length(), MAX_LENGTH));
        int n = sql.length();
        int i = 0;
        while (i < n && out.length() < MAX_LENGTH) {
            char c = sql.charAt(i);
            if (c == '\'') {
                i++;
                while (i < n) {
                    if (sql.charAt(i) == '\'') {
                        if (i + 1 < n && sql.charAt(i + 1) == '\'') i += 2;
                        else break;
                    } else {
                        i++;
                    }
                }
                i++;
                out.append('?');
            } else if (c == '"' || c == '`') {
                int end = sql.indexOf(c, i + 1);
                end = end < 0 ? n : end + 1;
                out.append(sql, i, end);
                i = end;
            } else if (Character.isDigit(c) && !identifierBefore(out)) {
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '.')) i++;
                if (out.length() > 0 && out.charAt(out.length() - 1) == '-' && signOnly(out)) out.setLength(out.length() - 1);
                out.append('?');
            } else if (Character.isWhitespace(c)) {
                while (i < n && Character.isWhitespace(sql.charAt(i))) i++;
                if (out.length() > 0) out.append(' ');
            } else {
                out.append(c);
                i++;
            }
        }
        int end = out.length();
        while (end > 0 && out.charAt(end - 1) == ' ') end--;
        out.setLength(end);
        return out.toString();
    }

    /** Whether the text so far ends inside an identifier (a digit there belongs to it). */
    private static boolean identifierBefore(StringBuilder out) {
        if (out.length() == 0) return false;
        char last = out.charAt(out.length() - 1);
        return Character.isLetterOrDigit(last) || last == '_' || last == '$';
    }

    /** Whether a '-' at the end is a sign (after an operator, a comma, a parenthesis or a space), not a minus between values. */
    private static boolean signOnly(StringBuilder out) {
        if (out.length() < 2) return true;
        char before = out.charAt(out.length() - 2);
        return before == ' ' || before == '(' || before == ',' || before == '=' || before == '<' || before == '>';
    }
}
