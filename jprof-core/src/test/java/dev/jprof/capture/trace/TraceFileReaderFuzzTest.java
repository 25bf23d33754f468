package dev.jprof.capture.trace;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.jprof.capture.ProfileFormatException;
import dev.jprof.fixture.FormatErrors;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;

/**
 * Jazzer: the tracing agent's file is read or ends with one ProfileFormatException naming the line. Seed: the
 * trace jprof's agent wrote of a small program.
 */
class TraceFileReaderFuzzTest {
    private static final String SOURCE = "fuzz.trace";

    @FuzzTest(maxDuration = "10s")
    void read(byte[] data) throws IOException {
        String text = new String(data, StandardCharsets.UTF_8);
        FormatErrors.expectOnly(ProfileFormatException.class, SOURCE, data.length,
                () -> TraceFileReader.read(new BufferedReader(new StringReader(text)), SOURCE));
    }
}
