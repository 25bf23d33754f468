package dev.jprof.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code jprof diff}: two saved profiles become one differential page; mistakes end with one line. */
class DiffIT {
    @TempDir
    Path dir;

    @Test
    void writesADifferentialPage() throws Exception {
        Files.writeString(dir.resolve("before.collapsed"), "app.Main.main;app.Foo.slow 8\napp.Main.main;app.Foo.fast 2\n");
        Files.writeString(dir.resolve("after.collapsed"), "app.Main.main;app.Foo.slow 2\napp.Main.main;app.Foo.fast 8\napp.Main.main;app.Bar.new 5\n");

        Jprof.Result result = Jprof.run(dir, "diff", "before.collapsed", "after.collapsed", "-o", "diff.html");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stderr()).isEqualTo("jprof: wrote diff.html (html diff): baseline 10 samples, current 15 samples\n");
        String html = Files.readString(dir.resolve("diff.html"));
        assertThat(html).contains("<title>before.collapsed vs after.collapsed</title>", "\"name\":\"baseline\"", "\"name\":\"current\"",
                "\"main\":1,\"baseline\":0");
    }

    @Test
    void mistakesEndWithOneLine() throws Exception {
        Files.writeString(dir.resolve("a.collapsed"), "app.Main.main 1\n");
        assertOneLine(Jprof.run(dir, "diff", "a.collapsed", "a.collapsed", "-o", "diff.txt"), "diff.txt: diff writes an HTML page");
        assertOneLine(Jprof.run(dir, "diff", "a.collapsed", "absent.collapsed", "-o", "d.html"), "absent.collapsed: no such file");
        assertOneLine(Jprof.run(dir, "diff", "a.collapsed", "a.collapsed", "-o", "d.html", "--value", "cpu"),
                "the baseline profile has no value 'cpu' (it has samples)");
        assertThat(dir.resolve("d.html")).doesNotExist();
    }

    private static void assertOneLine(Jprof.Result result, String expected) {
        assertThat(result.exitCode()).as(result.toString()).isNotZero();
        assertThat(result.stderr()).as(result.toString()).contains(expected).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(result.stderr().lines().filter(l -> l.startsWith("jprof: ")).count()).as(result.toString()).isEqualTo(1);
    }
}
