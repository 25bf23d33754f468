package dev.jprof.cli;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Every command explains its options with an example. */
class HelpIT {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"", "record", "report", "diff", "trace", "request", "demo", "heap", "heap paths", "leaks", "list", "top", "dump"})
    void helpHasExamples(String command) throws Exception {
        Jprof.Result result = command.isEmpty() ? Jprof.run(dir, "--help") : Jprof.run(dir, (command + " --help").split(" "));
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).contains("Usage: jprof").contains("Example");
    }
}
