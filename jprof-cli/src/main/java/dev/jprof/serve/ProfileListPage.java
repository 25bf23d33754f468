package dev.jprof.serve;

import dev.jprof.model.Unit;
import dev.jprof.render.html.Html;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** The page listing a folder's profiles: a row each, a link to its viewer, a box to pick it for a diff of two. */
final class ProfileListPage {
    /** One profile of the folder; -1 and null for what its attributes do not say (a profile that is no request's). */
    record Entry(String file, String method, String url, String status, long wallNanos, long cpuNanos, long sqlCount, long startMillis,
                 String title) {
    }

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneId.systemDefault());

    private ProfileListPage() {
    }

    static String html(Path dir, List<Entry> entries) {
        StringBuilder rows = new StringBuilder();
        for (Entry e : entries) {
            String link = "view?f=" + URLEncoder.encode(e.file(), StandardCharsets.UTF_8);
            String what = e.url() != null ? e.method() + " " + e.url() : e.title() != null ? e.title() : e.file();
            rows.append("<tr class=\"profile\"><td><input type=\"checkbox\" name=\"pick\" value=\"").append(Html.escape(e.file())).append("\"></td>")
                    .append("<td class=\"url\"><a href=\"").append(Html.escape(link)).append("\">").append(Html.escape(what)).append("</a></td>")
                    .append("<td class=\"num\">").append(e.status() == null || e.status().equals("-1") ? "" : Html.escape(e.status())).append("</td>")
                    .append("<td class=\"num\">").append(e.wallNanos() < 0 ? "" : Unit.NANOSECONDS.format(e.wallNanos())).append("</td>")
                    .append("<td class=\"num\">").append(e.cpuNanos() < 0 ? "" : Unit.NANOSECONDS.format(e.cpuNanos())).append("</td>")
                    .append("<td class=\"num\">").append(e.sqlCount() < 0 ? "" : Long.toString(e.sqlCount())).append("</td>")
                    .append("<td>").append(e.startMillis() < 0 ? "" : DATE.format(Instant.ofEpochMilli(e.startMillis()))).append("</td>")
                    .append("<td class=\"file\">").append(Html.escape(e.file())).append("</td></tr>\n");
        }
        return """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>jprof: %s</title>
                <style>
                body { font: 14px system-ui, sans-serif; margin: 1.5em; }
                table { border-collapse: collapse; }
                th, td { padding: 0.25em 0.75em; border-bottom: 1px solid #ddd; text-align: left; }
                td.num { text-align: right; font-variant-numeric: tabular-nums; }
                td.file { color: #888; font-size: 12px; }
                </style></head>
                <body>
                <h1>%d profiles in %s</h1>
                <p>Open one, or pick two (the older is the baseline) and <button id="compare" disabled>compare</button></p>
                <table id="profiles">
                <thead><tr><th></th><th>request</th><th>status</th><th>wall</th><th>cpu</th><th>sql</th><th>date</th><th>file</th></tr></thead>
                <tbody>
                %s</tbody></table>
                <script>
                const boxes = [...document.querySelectorAll('input[name=pick]')];
                const button = document.getElementById('compare');
                function picked() { return boxes.filter(b => b.checked); }
                boxes.forEach(b => b.addEventListener('change', () => { button.disabled = picked().length !== 2; }));
                button.addEventListener('click', () => {
                  const two = picked();
                  if (two.length !== 2) return;
                  // rows are newest first: the lower row is the older one, the baseline
                  location.href = 'diff?a=' + encodeURIComponent(two[1].value) + '&b=' + encodeURIComponent(two[0].value);
                });
                </script>
                </body></html>
                """.formatted(Html.escape(dir.toString()), entries.size(), Html.escape(dir.toString()), rows);
    }
}
