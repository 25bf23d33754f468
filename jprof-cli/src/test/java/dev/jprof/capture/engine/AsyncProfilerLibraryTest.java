package dev.jprof.capture.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AsyncProfilerLibraryTest {
    @TempDir
    Path dir;

    @Test
    void theBundledLibraryIsFoundAndPassesItsCheck() throws IOException {
        Path library = AsyncProfilerLibrary.find();
        assertThat(library.getFileName().toString()).startsWith("libasyncProfiler-linux-").endsWith(".so");
        assertThat(Files.size(library)).isGreaterThan(100_000);
    }

    @Test
    void aFileThatIsNoLibraryOrIsCutShortIsRefusedInOneLine() throws IOException {
        Path garbage = Files.writeString(dir.resolve("garbage.so"), "not a library at all, but long enough to hold an ELF header ......");
        assertThatThrownBy(() -> AsyncProfilerLibrary.check(garbage, "garbage.so"))
                .hasMessage("garbage.so is not a native library (no ELF header)");

        byte[] real = Files.readAllBytes(AsyncProfilerLibrary.find());
        Path truncated = Files.write(dir.resolve("truncated.so"), Arrays.copyOf(real, real.length / 2));
        assertThatThrownBy(() -> AsyncProfilerLibrary.check(truncated, "truncated.so"))
                .hasMessageStartingWith("truncated.so is damaged (");

        assertThatThrownBy(() -> AsyncProfilerLibrary.check(dir.resolve("missing.so"), "missing.so")).hasMessage("missing.so is missing");
    }

    @Test
    void anUnknownEngineNameIsRefusedWithTheChoices() {
        assertThatThrownBy(() -> EngineChoice.choose("perf", dev.jprof.capture.SamplingSettings.defaults()))
                .hasMessage("unknown engine 'perf' (expected auto, async or jfr)");
        assertThat(EngineChoice.choose("jfr", dev.jprof.capture.SamplingSettings.defaults()).engine()).isInstanceOf(JfrEngine.class);
        assertThat(EngineChoice.choose("auto", dev.jprof.capture.SamplingSettings.defaults()).engine()).isInstanceOf(AsyncEngine.class);
    }
}
