package dev.jprof.capture.jfr;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.jprof.capture.ProfileFormatException;
import dev.jprof.fixture.FormatErrors;
import dev.jprof.fixture.ScratchFile;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Jazzer: every reader of a JFR file (jprof's own parser behind the cpu and wall reader, the allocation and
 * old-object readers) either reads the bytes or ends with one ProfileFormatException. Seeds (JfrFileFuzzTestInputs):
 * recordings of a small program by plain JFR on JDK 17 and 25, by async-profiler (cpu, alloc) and by jprof.
 */
class JfrFileFuzzTest {
    private static final ScratchFile FILE = ScratchFile.named("fuzz.jfr");

    @FuzzTest(maxDuration = "10s")
    void readers(byte[] data) throws IOException {
        Path file = FILE.write(data);
        String source = file.toString();
        FormatErrors.expectOnly(ProfileFormatException.class, source, data.length, () -> JfrProfileReader.read(file));
        FormatErrors.expectOnly(ProfileFormatException.class, source, data.length, () -> AllocationProfileReader.read(file));
        FormatErrors.expectOnly(ProfileFormatException.class, source, data.length, () -> OldObjectSampleReader.read(file));
    }
}
