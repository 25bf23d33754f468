package dev.jprof.capture.collapsed;

import dev.jprof.capture.ProfileFormatException;
import dev.jprof.model.FrameKind;
import dev.jprof.model.Profile;
import dev.jprof.model.ThreadState;
import dev.jprof.model.ValueType;
import dev.jprof.render.RenderOptions;
import dev.jprof.render.text.CollapsedWriter;
import dev.jprof.transform.View;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import static dev.jprof.fixture.ProfileFixture.render;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CollapsedReaderTest {
    private static Profile read(String text) throws IOException {
        return CollapsedReader.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "profile.collapsed");
    }

    private static int leaf(Profile profile, int sample) {
        return profile.stackFrame(profile.sampleStack(sample));
    }

    @Test
    void stacksAndCounts() throws Exception {
        Profile profile = read("a.Main.main;a.Foo.bar 31\na.Main.main 4\n");
        assertThat(profile.valueTypes()).containsExactly(ValueType.SAMPLES);
        assertThat(profile.sampleCount()).isEqualTo(2);
        assertThat(profile.value(0, 0)).isEqualTo(31);
        assertThat(profile.total(0)).isEqualTo(35);
        int[] frames = profile.stackFrames(profile.sampleStack(0));
        assertThat(frames).hasSize(2);
        assertThat(profile.frameClass(frames[0])).isEqualTo("a.Main");
        assertThat(profile.frameMethod(frames[0])).isEqualTo("main");
        assertThat(profile.frameName(frames[1])).isEqualTo("a.Foo.bar");
        assertThat(profile.sampleThread(0)).isEqualTo(Profile.NO_THREAD);
        assertThat(profile.sampleState(0)).isEqualTo(ThreadState.UNKNOWN);
        assertThat(profile.sampleTime(0)).isEqualTo(Profile.NO_TIME);
        assertThat(profile.sampleStack(1)).isEqualTo(profile.stackParent(profile.sampleStack(0)));
    }

    @Test
    void linesAnnotationsAndSyntheticFrames() throws Exception {
        Profile profile = read(String.join("\n",
                "[main tid=1];com.example.Foo.bar:42_[j];com.example.Foo.<init>_[i];Foo$$Lambda.0x0000000800c03000.run_[0] 1",
                "java.lang.Thread.run;__GI___libc_read_[k];os::javaTimeNanos();[unknown];libc.so.6;/usr/lib/x.so 2",
                "Interpreter_[w] 3"));
        int[] first = profile.stackFrames(profile.sampleStack(0));
        assertThat(profile.frameKind(first[0])).isEqualTo(FrameKind.SYNTHETIC);
        assertThat(profile.frameMethod(first[0])).isEqualTo("[main tid=1]");
        assertThat(profile.frameClass(first[1])).isEqualTo("com.example.Foo");
        assertThat(profile.frameMethod(first[1])).isEqualTo("bar");
        assertThat(profile.frameLine(first[1])).isEqualTo(42);
        assertThat(profile.frameKind(first[1])).isEqualTo(FrameKind.COMPILED);
        assertThat(profile.frameMethod(first[2])).isEqualTo("<init>");
        assertThat(profile.frameKind(first[2])).isEqualTo(FrameKind.INLINED);
        assertThat(profile.frameClass(first[3])).isEqualTo("Foo$$Lambda.0x0000000800c03000");
        assertThat(profile.frameKind(first[3])).isEqualTo(FrameKind.INTERPRETED);

        int[] second = profile.stackFrames(profile.sampleStack(1));
        assertThat(profile.frameKind(second[0])).isEqualTo(FrameKind.UNKNOWN);
        assertThat(profile.frameMethod(second[1])).isEqualTo("__GI___libc_read");
        assertThat(profile.frameClass(second[1])).isEmpty();
        assertThat(profile.frameKind(second[1])).isEqualTo(FrameKind.KERNEL);
        assertThat(profile.frameClass(second[2])).isEmpty();
        assertThat(profile.frameMethod(second[2])).isEqualTo("os::javaTimeNanos()");
        assertThat(profile.frameKind(second[3])).isEqualTo(FrameKind.SYNTHETIC);
        assertThat(profile.frameMethod(second[4])).isEqualTo("libc.so.6");
        assertThat(profile.frameMethod(second[5])).isEqualTo("/usr/lib/x.so");
        // unknown annotations stay part of the name
        assertThat(profile.frameMethod(leaf(profile, 2))).isEqualTo("Interpreter_[w]");
    }

    @Test
    void whitespaceCrlfAndBlankLinesAreTolerated() throws Exception {
        Profile profile = read("\r\n  \na;b 2  \r\n\n[main thread];a 1\t\r\nzero 0\n");
        assertThat(profile.sampleCount()).isEqualTo(2);
        assertThat(profile.frameName(leaf(profile, 0))).isEqualTo("b");
        assertThat(profile.frameName(leaf(profile, 1))).isEqualTo("a");
        assertThat(profile.frameName(profile.stackFrames(profile.sampleStack(1))[0])).isEqualTo("[main thread]");
    }

    @Test
    void framesWithSpacesKeepThem() throws Exception {
        Profile profile = read("[thread pool-1 worker];do something 7\n");
        assertThat(profile.frameName(leaf(profile, 0))).isEqualTo("do something");
        assertThat(profile.value(0, 0)).isEqualTo(7);
    }

    @Test
    void roundTripThroughTheWriter() throws Exception {
        String folded = """
                [main];a.Main.main:10;a.Foo.bar:42 5
                [main];a.Main.main:10;native_call 3
                [worker];java.lang.Thread.run;a.Task.run 2
                """;
        Profile profile = read(folded);
        assertThat(render(new CollapsedWriter(), View.defaults().withLines(true).apply(profile), RenderOptions.defaults()))
                .isEqualTo(folded);
    }

    @Test
    void aLineWithoutACountIsAnError() {
        assertThatThrownBy(() -> read("a;b 1\na;c 2\na;b;c\n"))
                .isInstanceOf(ProfileFormatException.class)
                .hasMessage("profile.collapsed line 3: expected 'frame;frame;... count'");
        assertThatThrownBy(() -> read("a;b 1.5\n")).hasMessage("profile.collapsed line 1: expected 'frame;frame;... count'");
        assertThatThrownBy(() -> read("a;b -1\n")).hasMessage("profile.collapsed line 1: expected 'frame;frame;... count'");
        assertThatThrownBy(() -> read(" 12\n")).hasMessage("profile.collapsed line 1: expected 'frame;frame;... count'");
        assertThatThrownBy(() -> read(";; 12\n")).hasMessage("profile.collapsed line 1: expected 'frame;frame;... count'");
    }

    @Test
    void binaryDataIsAnError() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13};
        assertThatThrownBy(() -> CollapsedReader.read(new ByteArrayInputStream(png), "image.png"))
                .isInstanceOf(ProfileFormatException.class)
                .hasMessage("image.png line 1: not text (binary data), expected folded stacks 'frame;frame;... count'");
        byte[] nul = "a;b 1\nx\0y 2\n".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> CollapsedReader.read(new ByteArrayInputStream(nul), "p"))
                .hasMessage("p line 2: not text (binary data), expected folded stacks 'frame;frame;... count'");
    }

    @Test
    void emptyInputHasNoSamples() {
        assertThatThrownBy(() -> read("")).isInstanceOf(ProfileFormatException.class).hasMessage("profile.collapsed: no samples");
        assertThatThrownBy(() -> read("\n \r\n")).hasMessage("profile.collapsed: no samples");
        assertThatThrownBy(() -> read("a;b 0\n")).hasMessage("profile.collapsed: no samples");
    }

    @Test
    void readsFiles(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("p.folded");
        Files.writeString(file, "a;b 3\n");
        assertThat(CollapsedReader.read(file).total(0)).isEqualTo(3);
        assertThatThrownBy(() -> CollapsedReader.read(dir.resolve("nope"))).isInstanceOf(NoSuchFileException.class);
        Path empty = dir.resolve("empty.collapsed");
        Files.writeString(empty, "");
        assertThatThrownBy(() -> CollapsedReader.read(empty)).hasMessage(empty + ": no samples");
    }
}
