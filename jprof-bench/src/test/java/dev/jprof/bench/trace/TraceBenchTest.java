package dev.jprof.bench.trace;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class TraceBenchTest {
    @Test
    void aFailedForksReasonIsTheLineAfterItsFailureMark() {
        String output = "# Benchmark: x\n<failure>\n\njava.lang.IllegalStateException: agent failed\n\tat X.y(X.java:1)\n";
        assertThat(TraceBench.jmhFailure(output)).isEqualTo("; JMH: java.lang.IllegalStateException: agent failed");
        assertThat(TraceBench.jmhFailure("Iteration   1: 2.000 ns/op\n")).isEmpty();
    }

    @Test
    void aCrashedRunsReasonIsItsExceptionLineNotTheLastStackFrame(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("trace-call.log");
        Files.writeString(log, "$ java ...\nException in thread \"main\" org.openjdk.jmh.runner.RunnerException: ERROR: Another JMH instance"
                + " might be running\n\tat org.openjdk.jmh.runner.Runner.run(Runner.java:1)\n");
        assertThat(TraceBench.exception(log, "exit code 1: at Runner.run")).startsWith("Exception in thread \"main\"")
                .contains("Another JMH instance");
        Files.writeString(log, "$ java ...\nsomething else\n");
        assertThat(TraceBench.exception(log, "exit code 1: something else")).isEqualTo("exit code 1: something else");
    }
}
