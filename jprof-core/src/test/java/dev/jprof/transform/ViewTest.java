package dev.jprof.transform;

import dev.jprof.fixture.ProfileFixture;
import dev.jprof.model.Profile;
import dev.jprof.model.ThreadState;
import dev.jprof.model.ValueType;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.regex.Pattern;

import static dev.jprof.fixture.ProfileFixture.collapsed;
import static org.assertj.core.api.Assertions.assertThat;

class ViewTest {
    private final Profile profile = new ProfileFixture(ValueType.SAMPLES, ValueType.CPU_TIME)
            .sample("main", ThreadState.RUNNABLE, 1000, "app.Main.main:10;app.Foo.work:20;app.Foo.compute:30", 3, 30)
            .sample("main", ThreadState.RUNNABLE, 2000, "app.Main.main:10;app.Foo.work:21;app.Foo.compute:30", 2, 20)
            .sample("worker-1", ThreadState.WAITING, 3000, "java.lang.Thread.run;app.Pool.take:5;java.lang.Object.wait#interpreted", 4, 0)
            .sample(null, ThreadState.UNKNOWN, "app.Main.main:10;app.Bar.idle", 1, 10)
            .attribute("title", "demo")
            .warning("inlined frames are folded")
            .build();

    @Test
    void defaultsMergeFramesThatDifferOnlyByLine() {
        Profile shown = View.defaults().apply(profile);
        assertThat(collapsed(shown)).isEqualTo("""
                app.Main.main;app.Bar.idle 1
                app.Main.main;app.Foo.work;app.Foo.compute 5
                java.lang.Thread.run;app.Pool.take;java.lang.Object.wait 4
                """);
        assertThat(shown.frameCount()).isEqualTo(7);
    }

    @Test
    void theSameMethodInterpretedCompiledAndInlinedIsOneFrame() {
        dev.jprof.model.ProfileBuilder builder = new dev.jprof.model.ProfileBuilder(ValueType.SAMPLES);
        int main = builder.frame("app.Main", "main", "", 3, dev.jprof.model.FrameKind.INTERPRETED);
        int thread = builder.thread("main", 1);
        for (dev.jprof.model.FrameKind kind : List.of(dev.jprof.model.FrameKind.INTERPRETED,
                dev.jprof.model.FrameKind.COMPILED, dev.jprof.model.FrameKind.INLINED)) {
            int work = builder.frame("app.Main", "work", "", 7, kind);
            builder.sample(builder.path(new int[]{main, work}), thread, ThreadState.RUNNABLE, -1, 2);
        }
        Profile shown = View.defaults().apply(builder.build());
        assertThat(shown.frameCount()).isEqualTo(2);
        assertThat(collapsed(shown)).isEqualTo("app.Main.main;app.Main.work 6\n");
        assertThat(View.defaults().withLines(true).apply(builder.build()).frameCount()).isEqualTo(2);
    }

    @Test
    void keepsValueTypesThreadsStatesTimesAttributesAndWarnings() {
        Profile shown = View.defaults().apply(profile);
        assertThat(shown.valueTypes()).containsExactly(ValueType.SAMPLES, ValueType.CPU_TIME);
        assertThat(shown.total(0)).isEqualTo(10);
        assertThat(shown.total(1)).isEqualTo(60);
        assertThat(shown.sampleCount()).isEqualTo(4);
        assertThat(shown.threadName(shown.sampleThread(2))).isEqualTo("worker-1");
        assertThat(shown.sampleState(2)).isEqualTo(ThreadState.WAITING);
        assertThat(shown.sampleTime(1)).isEqualTo(2000);
        assertThat(shown.sampleThread(3)).isEqualTo(Profile.NO_THREAD);
        assertThat(shown.attribute("title")).isEqualTo("demo");
        assertThat(shown.warnings()).containsExactly("inlined frames are folded");
        assertThat(shown.frameKind(shown.stackFrame(shown.sampleStack(2)))).isEqualTo(dev.jprof.model.FrameKind.INTERPRETED);
    }

    @Test
    void linesAreKeptOnRequest() {
        assertThat(collapsed(View.defaults().withLines(true).apply(profile))).isEqualTo("""
                app.Main.main:10;app.Bar.idle 1
                app.Main.main:10;app.Foo.work:20;app.Foo.compute:30 3
                app.Main.main:10;app.Foo.work:21;app.Foo.compute:30 2
                java.lang.Thread.run;app.Pool.take:5;java.lang.Object.wait 4
                """);
    }

    @Test
    void threadsBecomeRootFrames() {
        Profile shown = View.defaults().withThreads(true).apply(profile);
        assertThat(collapsed(shown)).isEqualTo("""
                [main];app.Main.main;app.Foo.work;app.Foo.compute 5
                [unknown thread];app.Main.main;app.Bar.idle 1
                [worker-1];java.lang.Thread.run;app.Pool.take;java.lang.Object.wait 4
                """);
        int root = shown.stackFrames(shown.sampleStack(0))[0];
        assertThat(shown.frameKind(root)).isEqualTo(dev.jprof.model.FrameKind.SYNTHETIC);
    }

    @Test
    void includeKeepsSamplesWithAMatchingFrameAnywhereOnTheStack() {
        View view = View.defaults().withInclude(List.of(Pattern.compile("Foo\\.work"), Pattern.compile("Pool")));
        assertThat(collapsed(view.apply(profile))).isEqualTo("""
                app.Main.main;app.Foo.work;app.Foo.compute 5
                java.lang.Thread.run;app.Pool.take;java.lang.Object.wait 4
                """);
    }

    @Test
    void excludeDropsSamplesWithAMatchingFrame() {
        View view = View.defaults().withExclude(List.of(Pattern.compile("^java\\.lang\\.Object\\.")));
        assertThat(collapsed(view.apply(profile))).isEqualTo("""
                app.Main.main;app.Bar.idle 1
                app.Main.main;app.Foo.work;app.Foo.compute 5
                """);
    }

    @Test
    void includeAndExcludeTogether() {
        View view = View.defaults().withInclude(List.of(Pattern.compile("Main"))).withExclude(List.of(Pattern.compile("idle")));
        assertThat(collapsed(view.apply(profile))).isEqualTo("app.Main.main;app.Foo.work;app.Foo.compute 5\n");
    }

    @Test
    void simpleDropsPackagesButKeepsNestedClassNames() {
        Profile nested = ProfileFixture.samples().sample("com.example.Outer$Inner.run;Top.level;[main];native_symbol", 2).build();
        assertThat(collapsed(View.defaults().withSimple(true).apply(nested)))
                .isEqualTo("Outer$Inner.run;Top.level;[main];native_symbol 2\n");
        assertThat(View.simpleClassName("com.example.Foo$Bar")).isEqualTo("Foo$Bar");
        assertThat(View.simpleClassName("Foo")).isEqualTo("Foo");
    }

    @Test
    void statesKeepOnlyThoseStates() {
        View view = View.defaults().withStates(EnumSet.of(ThreadState.WAITING, ThreadState.BLOCKED));
        assertThat(collapsed(view.apply(profile))).isEqualTo("java.lang.Thread.run;app.Pool.take;java.lang.Object.wait 4\n");
        assertThat(View.defaults().withStates(EnumSet.noneOf(ThreadState.class)).apply(profile).sampleCount()).isZero();
    }

    @Test
    void threadFilterMatchesThreadNames() {
        View view = View.defaults().withThreadFilter(Pattern.compile("^work"));
        assertThat(collapsed(view.apply(profile))).isEqualTo("java.lang.Thread.run;app.Pool.take;java.lang.Object.wait 4\n");
        // a sample without a thread has the empty name
        assertThat(View.defaults().withThreadFilter(Pattern.compile("^$")).apply(profile).sampleCount()).isEqualTo(1);
    }

    @Test
    void applyingTwiceGivesTheSameProfile() {
        View view = View.defaults().withThreads(true).withSimple(true);
        Profile once = view.withThreads(false).apply(profile);
        assertThat(collapsed(view.withThreads(false).apply(once))).isEqualTo(collapsed(once));
        assertThat(collapsed(profile)).contains("app.Foo.work:20"); // the input is untouched
    }

    @Test
    void nativeCodeAboveTheLastJavaFrameGoesToItAndJvmThreadsBecomeOneFrameUnlessNativeCodeIsKept() {
        Profile profile = ProfileFixture.samples()
                .sample("main", ThreadState.RUNNABLE, "App.main;java.util.zip.Deflater.deflateBytes;libz.deflate#native;libz.fill_window#native", 3)
                .sample("main", ThreadState.RUNNABLE, "App.main;App.allocate;libjvm.OptoRuntime::new_array_C#vm;clear_page_erms#kernel", 2)
                .sample("C2 CompilerThre", ThreadState.RUNNABLE, "libc.start_thread#native;libjvm.C2Compiler::compile_method#vm", 4)
                .sample("GC Thread#0", ThreadState.RUNNABLE, "libjvm.G1ParTask::work#vm", 1)
                .build();
        assertThat(collapsed(View.defaults().apply(profile)).lines().sorted().toList()).containsExactly(
                "App.main;App.allocate 2", "App.main;java.util.zip.Deflater.deflateBytes 3", "[JVM: GC] 1", "[JVM: JIT compiler] 4");
        assertThat(collapsed(View.defaults().withNativeCode(true).apply(profile))).contains("libz.fill_window").contains("clear_page_erms")
                .contains("C2Compiler::compile_method");
    }
}
