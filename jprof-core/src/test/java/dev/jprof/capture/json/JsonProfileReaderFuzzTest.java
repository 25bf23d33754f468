package dev.jprof.capture.json;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.jprof.capture.ProfileFormatException;
import dev.jprof.fixture.FormatErrors;

import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Jazzer: jprof's JSON profile (docs/json-format.md) is read or ends with one ProfileFormatException naming
 * where it is wrong. Seeds: profiles jprof wrote from its own wall recording and from async-profiler's.
 */
class JsonProfileReaderFuzzTest {
    private static final String SOURCE = "fuzz.json";

    @FuzzTest(maxDuration = "10s")
    void read(byte[] data) throws IOException {
        FormatErrors.expectOnly(ProfileFormatException.class, SOURCE, data.length,
                () -> JsonProfileReader.read(new ByteArrayInputStream(data), SOURCE));
    }
}
