package dev.jprof.capture.json;

import dev.jprof.capture.ProfileFormatException;
import dev.jprof.model.FrameKind;
import dev.jprof.model.Profile;
import dev.jprof.model.ThreadState;
import dev.jprof.model.Unit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonProfileReaderTest {
    private static final String MINIMAL = """
            {"format":"jprof","version":1,
             "valueTypes":[{"name":"wall","unit":"nanoseconds"}],
             "frames":[{"class":"a.B","method":"c","line":7,"kind":"interpreted"},{"method":"[x]","kind":"synthetic"}],
             "stacks":{"parent":[-1,0],"frame":[1,0]},
             "threads":[{"name":"main","id":1}],
             "samples":{"stack":[1,1],"thread":[0,-1],"state":[3,0],"values":[[10,20]]}}
            """;

    @Test
    void optionalPartsMayBeLeftOut() throws Exception {
        Profile profile = JsonProfileReader.read(MINIMAL, "p.json");
        assertThat(profile.valueTypes()).hasSize(1);
        assertThat(profile.valueTypes().get(0).unit()).isEqualTo(Unit.NANOSECONDS);
        assertThat(profile.frameName(profile.stackFrame(1))).isEqualTo("a.B.c");
        assertThat(profile.frameLine(0)).isEqualTo(7);
        assertThat(profile.frameFile(0)).isEmpty();
        assertThat(profile.frameKind(1)).isEqualTo(FrameKind.SYNTHETIC);
        // without a "states" table the indices are jprof's own order
        assertThat(profile.sampleState(0)).isEqualTo(ThreadState.WAITING);
        assertThat(profile.sampleThread(1)).isEqualTo(Profile.NO_THREAD);
        assertThat(profile.sampleTime(0)).isEqualTo(Profile.NO_TIME);
        assertThat(profile.total(0)).isEqualTo(30);
        assertThat(profile.attributes()).isEmpty();
    }

    @Test
    void statesAreReadByName() throws Exception {
        Profile profile = JsonProfileReader.read(MINIMAL.replace("\"samples\":", "\"states\":[\"blocked\",\"sleeping\",\"native\",\"runnable\"],\"samples\":"), "p.json");
        assertThat(profile.sampleState(0)).isEqualTo(ThreadState.RUNNABLE);
        assertThat(profile.sampleState(1)).isEqualTo(ThreadState.BLOCKED);
    }

    @Test
    void otherJsonIsNotAProfile() {
        assertThatThrownBy(() -> JsonProfileReader.read("{\"traceEvents\":[]}", "trace.json"))
                .isInstanceOf(ProfileFormatException.class)
                .hasMessage("trace.json: not a jprof JSON profile (no \"format\": \"jprof\")");
        assertThatThrownBy(() -> JsonProfileReader.read("[1,2]", "a.json"))
                .hasMessage("a.json: not a jprof JSON profile (no \"format\": \"jprof\")");
    }

    @Test
    void newerVersionsAreRefused() {
        assertThatThrownBy(() -> JsonProfileReader.read(MINIMAL.replace("\"version\":1", "\"version\":2"), "p.json"))
                .hasMessage("p.json: jprof JSON version 2 is newer than this jprof reads (1); update jprof");
    }

    @Test
    void brokenReferencesAreNamed() {
        assertThatThrownBy(() -> JsonProfileReader.read(MINIMAL.replace("\"stack\":[1,1]", "\"stack\":[1,5]"), "p.json"))
                .hasMessage("p.json: samples.stack[1] = 5 is not in stacks (which has 2)");
        assertThatThrownBy(() -> JsonProfileReader.read(MINIMAL.replace("\"parent\":[-1,0]", "\"parent\":[-1,1]"), "p.json"))
                .hasMessage("p.json: stacks.parent[1] = 1 is not an earlier stack (or -1)");
        assertThatThrownBy(() -> JsonProfileReader.read(MINIMAL.replace("\"values\":[[10,20]]", "\"values\":[[10]]"), "p.json"))
                .hasMessage("p.json: samples.stack has 2 entries but samples.values[0] has 1");
        assertThatThrownBy(() -> JsonProfileReader.read(MINIMAL.replace("\"values\":[[10,20]]", "\"values\":[[10,20],[1,2]]"), "p.json"))
                .hasMessage("p.json: samples.values has 2 columns but there are 1 value types");
        assertThatThrownBy(() -> JsonProfileReader.read(MINIMAL.replace("\"nanoseconds\"", "\"parsecs\""), "p.json"))
                .hasMessage("p.json: unknown unit 'parsecs' (expected samples, nanoseconds, bytes or calls)");
        assertThatThrownBy(() -> JsonProfileReader.read(MINIMAL.replace("\"stacks\"", "\"stackz\""), "p.json"))
                .hasMessage("p.json: stacks is missing (expected an object)");
        assertThatThrownBy(() -> JsonProfileReader.read(MINIMAL.replace("\"method\":\"c\"", "\"method\":3"), "p.json"))
                .hasMessage("p.json: frames[0].method is not a string");
    }

    @Test
    void syntaxErrorsSayWhere() {
        assertThatThrownBy(() -> JsonProfileReader.read("{\"format\":\"jprof\",\n \"version\" 1}", "p.json"))
                .isInstanceOf(ProfileFormatException.class)
                .hasMessage("p.json line 2 column 12: expected ':'");
        assertThatThrownBy(() -> JsonProfileReader.read("{\"format\":\"jprof\"", "p.json"))
                .hasMessage("p.json line 1 column 18: unexpected end of input");
        assertThatThrownBy(() -> JsonProfileReader.read("{} x", "p.json"))
                .hasMessage("p.json line 1 column 4: unexpected text after the JSON value");
        assertThatThrownBy(() -> JsonProfileReader.read("[".repeat(10_000), "deep.json"))
                .hasMessageContaining("nested deeper than 512 levels");
    }

    @Test
    void filesAndBinaryData(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("p.json");
        Files.writeString(file, MINIMAL);
        assertThat(JsonProfileReader.read(file).sampleCount()).isEqualTo(2);
        Path binary = dir.resolve("b.json");
        Files.write(binary, new byte[] {'{', (byte) 0xff, (byte) 0xfe, 0});
        assertThatThrownBy(() -> JsonProfileReader.read(binary))
                .isInstanceOf(ProfileFormatException.class)
                .hasMessage(binary + ": not a jprof JSON profile (not UTF-8 text)");
        assertThatThrownBy(() -> JsonProfileReader.read(dir.resolve("missing.json"))).isInstanceOf(NoSuchFileException.class);
    }
}
