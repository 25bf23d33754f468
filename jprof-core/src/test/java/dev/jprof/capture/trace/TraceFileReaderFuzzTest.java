package dev.jprof.capture.trace;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.jprof.capture.ProfileFormatException;
import dev.jprof.fixture.FormatErrors;
import dev.jprof.fixture.ScratchFile;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Jazzer: the tracing agent's file, read from disk as {@code jprof report} reads it, is read or ends with one
 * ProfileFormatException naming the line. Seed: the trace jprof's agent wrote of a small program.
 */
class TraceFileReaderFuzzTest {
    private static final ScratchFile FILE = ScratchFile.named("fuzz.trace");

    @FuzzTest(maxDuration = "10s")
    void read(byte[] data) throws IOException {
        Path file = FILE.write(data);
        FormatErrors.expectOnly(ProfileFormatException.class, file.toString(), data.length, () -> TraceFileReader.read(file));
    }
}
