package dev.jprof.capture.collapsed;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.jprof.capture.ProfileFormatException;
import dev.jprof.fixture.FormatErrors;
import dev.jprof.fixture.ScratchFile;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Jazzer: folded stacks, read from disk as {@code jprof report} reads a file that is neither JFR, a trace nor
 * JSON, are read or end with one ProfileFormatException naming the line. Seeds: files jprof wrote from its own
 * recording and from async-profiler's.
 */
class CollapsedReaderFuzzTest {
    private static final ScratchFile FILE = ScratchFile.named("fuzz.collapsed");

    @FuzzTest(maxDuration = "10s")
    void read(byte[] data) throws IOException {
        Path file = FILE.write(data);
        FormatErrors.expectOnly(ProfileFormatException.class, file.toString(), data.length, () -> CollapsedReader.read(file));
    }
}
