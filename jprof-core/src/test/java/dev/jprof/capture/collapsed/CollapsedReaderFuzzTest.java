package dev.jprof.capture.collapsed;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.jprof.capture.ProfileFormatException;
import dev.jprof.fixture.FormatErrors;

import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Jazzer: folded stacks (what {@code jprof report} reads when a file is neither JFR, a trace nor JSON) are read
 * or end with one ProfileFormatException naming the line. Seeds: files written by jprof from recordings of
 * plain JFR and async-profiler.
 */
class CollapsedReaderFuzzTest {
    private static final String SOURCE = "fuzz.collapsed";

    @FuzzTest(maxDuration = "10s")
    void read(byte[] data) throws IOException {
        FormatErrors.expectOnly(ProfileFormatException.class, SOURCE, data.length,
                () -> CollapsedReader.read(new ByteArrayInputStream(data), SOURCE));
    }
}
