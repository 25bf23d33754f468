package dev.jprof.capture.json;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.jprof.capture.ProfileFormatException;
import dev.jprof.fixture.FormatErrors;
import dev.jprof.fixture.ScratchFile;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Jazzer: jprof's JSON profile (docs/json-format.md), read from disk, is read or ends with one
 * ProfileFormatException naming where it is wrong. Seeds: profiles jprof wrote from its own wall recording and
 * from async-profiler's.
 */
class JsonProfileReaderFuzzTest {
    private static final ScratchFile FILE = ScratchFile.named("fuzz.json");

    @FuzzTest(maxDuration = "10s")
    void read(byte[] data) throws IOException {
        Path file = FILE.write(data);
        FormatErrors.expectOnly(ProfileFormatException.class, file.toString(), data.length, () -> JsonProfileReader.read(file));
    }
}
