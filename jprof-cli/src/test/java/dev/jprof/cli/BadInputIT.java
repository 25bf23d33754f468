package dev.jprof.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every mistake a user can make ends with one clear line on stderr and a non-zero exit, never a stack trace. */
class BadInputIT {
    @TempDir
    Path dir;

    private static void assertOneLine(Jprof.Result result, String expected) {
        assertThat(result.exitCode()).as(result.toString()).isNotZero();
        assertThat(result.stderr()).as(result.toString()).contains(expected)
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(result.stderr().lines().filter(l -> l.startsWith("jprof: ")).count()).as(result.toString()).isEqualTo(1);
    }

    @Test
    void commandThatDoesNotExist() throws Exception {
        Jprof.Result result = Jprof.run(dir, "record", "-o", "x.html", "--", "no-such-command-jprof");
        assertOneLine(result, "no-such-command-jprof");
        assertThat(result.exitCode()).isEqualTo(127);
    }

    @Test
    void unknownFormat() throws Exception {
        assertOneLine(Jprof.run(dir, "record", "--format", "bogus", "--", Jprof.java17(), "-version"), "bogus");
    }

    @Test
    void outputThatCannotBeWritten() throws Exception {
        assertOneLine(Jprof.run(dir, "record", "-o", "/no/such/dir/x.html", "--", Jprof.java17(), "-version"), "/no/such/dir");
    }

    @Test
    void unknownExtension() throws Exception {
        assertOneLine(Jprof.run(dir, "record", "-o", "x.bogus", "--", Jprof.java17(), "-version"), "x.bogus");
    }

    @Test
    void unknownOption() throws Exception {
        assertOneLine(Jprof.run(dir, "report", "--no-such-option", "x.jfr"), "--no-such-option");
    }

    @Test
    void garbageCollapsedFile() throws Exception {
        Path garbage = dir.resolve("garbage.collapsed");
        Files.write(garbage, new byte[]{1, 2, 3, (byte) 0xff, 10, 'x', 'y', 10});
        assertOneLine(Jprof.run(dir, "report", garbage.toString()), "garbage.collapsed");
    }

    @Test
    void truncatedJfr() throws Exception {
        Path jfr = dir.resolve("cut.jfr");
        byte[] head = {'F', 'L', 'R', 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0};
        Files.write(jfr, head);
        assertOneLine(Jprof.run(dir, "report", jfr.toString()), "cut.jfr");
    }

    /**
     * Every input that ever failed a reader's Jazzer test (jprof-core's *FuzzTestInputs: crash-*, timeout-*),
     * given to the command a user would run on such a file: it is read, or ends with one line naming it.
     */
    @Test
    void everyFuzzFindingIsReadOrEndsWithOneLine() throws Exception {
        List<Path> findings;
        try (Stream<Path> files = Files.walk(Path.of("../jprof-core/src/test/resources/dev/jprof"))) {
            findings = files.filter(f -> f.getFileName().toString().matches("(crash|timeout|oom|slow-unit)-[0-9a-f]+"))
                    .filter(f -> !f.toString().contains("ViewerData")).sorted().toList();
        }
        assertThat(findings).isNotEmpty();
        for (Path finding : findings) {
            boolean heap = finding.toString().contains("HeapGraph");
            Path file = Files.copy(finding, dir.resolve(finding.getFileName() + (heap ? ".hprof" : ".profile")));
            Jprof.Result result = heap
                    ? Jprof.run(dir, "heap", "paths", "--file", file.toString(), "--type", "java.lang.Thread", "-o", "paths.dot")
                    : Jprof.run(dir, "report", file.toString());
            if (result.exitCode() != 0) assertOneLine(result, file.getFileName().toString());
            else assertThat(result.stderr()).as(result.toString()).doesNotContain("Exception");
        }
    }

    @Test
    void missingFile() throws Exception {
        assertOneLine(Jprof.run(dir, "report", "absent.jfr"), "absent.jfr");
    }

    @Test
    void unknownPid() throws Exception {
        assertOneLine(Jprof.run(dir, "record", "--pid", "999999", "--duration", "1s"), "999999");
    }

    @Test
    void nothingToProfile() throws Exception {
        assertOneLine(Jprof.run(dir, "record", "-o", "x.html"), "nothing to profile");
    }

    @Test
    void badDuration() throws Exception {
        assertOneLine(Jprof.run(dir, "record", "--pid", "1", "--duration", "soon"), "soon");
    }

    @Test
    void traceWithAMalformedPattern() throws Exception {
        assertOneLine(Jprof.run(dir, "trace", "--include", "com..example", "--", Jprof.java17(), "-version"),
                "malformed method pattern 'com..example'");
    }

    @Test
    void traceWithAnUnknownClock() throws Exception {
        assertOneLine(Jprof.run(dir, "trace", "--clock", "sundial", "--", Jprof.java17(), "-version"), "unknown clock 'sundial'");
    }

    @Test
    void traceWithAnUnknownSortOrMetric() throws Exception {
        assertOneLine(Jprof.run(dir, "trace", "--sort", "speed", "--", Jprof.java17(), "-version"), "unknown sort 'speed'");
        assertOneLine(Jprof.run(dir, "trace", "--metric", "joy", "--", Jprof.java17(), "-version"), "unknown metric 'joy'");
    }

    @Test
    void traceWithNothingToRun() throws Exception {
        assertOneLine(Jprof.run(dir, "trace"), "nothing to trace");
    }
}
