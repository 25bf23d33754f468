package dev.jprof.render.json;

import dev.jprof.capture.json.JsonProfileReader;
import dev.jprof.fixture.ProfileFixture;
import dev.jprof.model.FrameKind;
import dev.jprof.model.Profile;
import dev.jprof.model.ProfileBuilder;
import dev.jprof.model.ThreadState;
import dev.jprof.model.Unit;
import dev.jprof.model.ValueType;
import dev.jprof.render.RenderOptions;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static dev.jprof.fixture.ProfileFixture.render;
import static org.assertj.core.api.Assertions.assertThat;

class JsonWriterTest {
    private final JsonWriter writer = new JsonWriter();

    @Test
    void documentedShape() {
        Profile profile = new ProfileFixture(ValueType.SAMPLES, ValueType.CPU_TIME)
                .sample("main", ThreadState.RUNNABLE, 1_000, "a.Main.main(Main.java:3);a.Main.work#inlined", 2, 20)
                .sample(null, ThreadState.WAITING, "a.Main.main(Main.java:3)", 1, 0)
                .attribute("mode", "cpu")
                .warning("careful")
                .build();
        assertThat(render(writer, profile, RenderOptions.defaults())).isEqualTo("""
                {"format":"jprof","version":1,
                "attributes":{"mode":"cpu"},
                "warnings":["careful"],
                "valueTypes":[{"name":"samples","unit":"samples"},{"name":"cpu","unit":"nanoseconds"}],
                "frames":[
                {"class":"a.Main","method":"main","file":"Main.java","line":3,"kind":"compiled"},
                {"class":"a.Main","method":"work","file":"","line":0,"kind":"inlined"}],
                "stacks":{"parent":[-1,0],"frame":[0,1]},
                "threads":[{"name":"main","id":%d}],
                "states":["runnable","native","blocked","waiting","timed_waiting","unknown"],
                "samples":{"stack":[1,0],
                "thread":[0,-1],
                "state":[0,3],
                "time":[1000,-1],
                "values":[[2,1],
                [20,0]]}}
                """.formatted(profile.threadId(0)));
    }

    @Test
    void roundTripKeepsEverything() throws Exception {
        ProfileBuilder builder = new ProfileBuilder(ValueType.WALL_TIME, new ValueType("alloc", Unit.BYTES), new ValueType("n", Unit.CALLS));
        int main = builder.frame("com.example.Main", "main", "Main.java", 12, FrameKind.INTERPRETED);
        int hostile = builder.frame("</script><script>alert(1)</script>", "m\"e\\t\nh\u0001od", "F&.java", 0, FrameKind.NATIVE);
        int kernel = builder.frame("", "do_syscall_64", "", 0, FrameKind.KERNEL);
        int root = builder.frame("", "[pid 42]", "", 0, FrameKind.SYNTHETIC);
        int t1 = builder.thread("main", 1);
        int t2 = builder.thread("wörker \"2\" 😀", 27);
        builder.sample(builder.path(new int[]{root, main, hostile}), t1, ThreadState.NATIVE, 1_700_000_000_000_000_000L, 5, 1024, 1);
        builder.sample(builder.path(new int[]{root, main, kernel}), t2, ThreadState.TIMED_WAITING, Profile.NO_TIME, -3, 0, Long.MAX_VALUE);
        builder.sample(builder.path(new int[]{main}), Profile.NO_THREAD, ThreadState.BLOCKED, 17, 0, 0, 0);
        builder.attribute("title", "<b>t</b>").attribute("empty", "");
        builder.warning("line one\nline two");
        Profile original = builder.build();

        String json = render(writer, original, RenderOptions.defaults());
        Profile read = JsonProfileReader.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "p.json");

        assertThat(render(writer, read, RenderOptions.defaults())).isEqualTo(json);
        assertThat(read.valueTypes()).isEqualTo(original.valueTypes());
        assertThat(read.attributes()).isEqualTo(original.attributes());
        assertThat(read.warnings()).isEqualTo(original.warnings());
        assertThat(read.frameCount()).isEqualTo(original.frameCount());
        for (int f = 0; f < read.frameCount(); f++) {
            assertThat(read.frameClass(f)).isEqualTo(original.frameClass(f));
            assertThat(read.frameMethod(f)).isEqualTo(original.frameMethod(f));
            assertThat(read.frameFile(f)).isEqualTo(original.frameFile(f));
            assertThat(read.frameLine(f)).isEqualTo(original.frameLine(f));
            assertThat(read.frameKind(f)).isEqualTo(original.frameKind(f));
        }
        assertThat(read.stackCount()).isEqualTo(original.stackCount());
        for (int s = 0; s < read.stackCount(); s++) {
            assertThat(read.stackFrames(s)).isEqualTo(original.stackFrames(s));
        }
        assertThat(read.threadName(1)).isEqualTo("wörker \"2\" 😀");
        assertThat(read.threadId(1)).isEqualTo(27);
        assertThat(read.sampleCount()).isEqualTo(3);
        for (int s = 0; s < 3; s++) {
            assertThat(read.sampleStack(s)).isEqualTo(original.sampleStack(s));
            assertThat(read.sampleThread(s)).isEqualTo(original.sampleThread(s));
            assertThat(read.sampleState(s)).isEqualTo(original.sampleState(s));
            assertThat(read.sampleTime(s)).isEqualTo(original.sampleTime(s));
            for (int v = 0; v < 3; v++) assertThat(read.value(v, s)).isEqualTo(original.value(v, s));
        }
        assertThat(json).doesNotContain("<", ">", "&");
    }

    @Test
    void withoutTimesTheTimeColumnIsLeftOut() throws Exception {
        Profile profile = ProfileFixture.samples().sample("a.B.c", 4).build();
        String json = render(writer, profile, RenderOptions.defaults());
        assertThat(json).doesNotContain("\"time\"");
        Profile read = JsonProfileReader.read(json, "p.json");
        assertThat(read.sampleTime(0)).isEqualTo(Profile.NO_TIME);
        assertThat(read.hasTimes()).isFalse();
    }

    @Test
    void emptyProfileRoundTrips() throws Exception {
        Profile empty = new ProfileBuilder(ValueType.SAMPLES).build();
        String json = render(writer, empty, RenderOptions.defaults());
        assertThat(render(writer, JsonProfileReader.read(json, "e.json"), RenderOptions.defaults())).isEqualTo(json);
    }
}
