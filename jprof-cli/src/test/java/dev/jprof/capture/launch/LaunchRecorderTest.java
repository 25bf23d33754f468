package dev.jprof.capture.launch;

import dev.jprof.capture.Mode;
import dev.jprof.capture.SamplingSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.jprof.capture.engine.AsyncEngine;
import dev.jprof.capture.engine.JfrEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How the launch engine builds a command, without running one (LaunchRecorderIT runs real JVMs). */
class LaunchRecorderTest {
    @TempDir
    Path dir;

    @Test
    void flagsGoRightAfterJava() {
        List<String> flags = new ArrayList<>(List.of("-javaagent:a.jar=o"));
        flags.addAll(LaunchRecorder.jvmFlags(Path.of("/w/repository")));
        List<String> command = LaunchRecorder.launchCommand(List.of("/opt/jdk/bin/java", "-cp", "app.jar", "Main", "x"), flags);
        assertThat(command).containsExactly("/opt/jdk/bin/java", "-javaagent:a.jar=o", "-XX:+UnlockDiagnosticVMOptions",
                "-XX:+DebugNonSafepoints", "-XX:FlightRecorderOptions=stackdepth=2048,repository=/w/repository",
                "-cp", "app.jar", "Main", "x");
        assertThat(LaunchRecorder.launchCommand(List.of("./gradlew", "test"), flags)).containsExactly("./gradlew", "test");
        assertThat(LaunchRecorder.isJava("java")).isTrue();
        assertThat(LaunchRecorder.isJava("/usr/bin/java")).isTrue();
        assertThat(LaunchRecorder.isJava("javac")).isFalse();
        assertThat(LaunchRecorder.isJava("/usr/bin/myjava")).isFalse();
    }

    @Test
    void scriptsGetTheFlagsInJavaToolOptions() {
        List<String> flags = LaunchRecorder.jvmFlags(Path.of("/w/repository"));
        List<String> options = new ArrayList<>(List.of("-javaagent:/a.jar=mode=cpu"));
        options.addAll(flags);
        assertThat(LaunchRecorder.javaToolOptions(null, options))
                .isEqualTo("-javaagent:/a.jar=mode=cpu -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints"
                        + " -XX:FlightRecorderOptions=stackdepth=2048,repository=/w/repository");
        List<String> spaced = new ArrayList<>(List.of("-javaagent:/my dir/a.jar=file=/w/%p.jfr"));
        spaced.addAll(flags);
        assertThat(LaunchRecorder.javaToolOptions(" -Xmx1g ", spaced))
                .startsWith("-Xmx1g \"-javaagent:/my dir/a.jar=file=/w/%p.jfr\" -XX:");
    }

    @Test
    void aRepositoryPathThatWouldBreakTheOptionIsLeftOut() {
        assertThat(LaunchRecorder.jvmFlags(Path.of("/my dir,x/repository"))).contains("-XX:FlightRecorderOptions=stackdepth=2048");
    }

    @Test
    void jfrEngineAgentOptionsEndWithTheFile() throws IOException {
        List<String> options = new JfrEngine().launchOptions(new SamplingSettings(Mode.WALL, Duration.ofMillis(5)), Path.of("/w"));
        assertThat(options.get(0)).startsWith("-javaagent:").endsWith("=mode=wall,interval=5000000,file=/w/%p.jfr");
        assertThat(options).contains("-XX:+DebugNonSafepoints");
    }

    @Test
    void asyncEngineStartsWithTheModesEventsAndWritesJfrToTheFile() {
        Path file = Path.of("/w/%p.jfr");
        Path log = Path.of("/w/async-profiler.log");
        assertThat(AsyncEngine.startCommand(new SamplingSettings(Mode.CPU, Duration.ofMillis(5)), file, log))
                .isEqualTo("start,event=cpu,interval=5000000,jstackdepth=2048,log=/w/async-profiler.log,jfr,file=/w/%p.jfr");
        assertThat(AsyncEngine.startCommand(SamplingSettings.parse("wall,alloc", Duration.ofMillis(10)), file, log))
                .startsWith("start,event=wall,interval=10000000,alloc=524288,");
        assertThat(AsyncEngine.startCommand(SamplingSettings.parse("alloc", Duration.ofMillis(10)), file, log))
                .startsWith("start,alloc=524288,").doesNotContain("event=");
        assertThat(AsyncEngine.startCommand(SamplingSettings.parse("lock", Duration.ofMillis(10)), file, log))
                .startsWith("start,lock=10000,").doesNotContain("event=");
        assertThat(AsyncEngine.startCommand(SamplingSettings.parse("cpu,alloc,lock", Duration.ofMillis(10)), file, log))
                .startsWith("start,event=cpu,interval=10000000,alloc=524288,lock=10000,");
    }

    @Test
    void recordingsSortByPid() {
        List<Path> files = new ArrayList<>(List.of(Path.of("w/1000.jfr"), Path.of("w/999.jfr"), Path.of("w/other.jfr"), Path.of("w/5.jfr")));
        files.sort(LaunchRecorder::byPid);
        assertThat(files).containsExactly(Path.of("w/5.jfr"), Path.of("w/999.jfr"), Path.of("w/1000.jfr"), Path.of("w/other.jfr"));
    }

    @Test
    void programsAreFoundOrRefusedInOneLine() throws IOException {
        assertThat(Executables.resolve("sh")).isNotNull();
        assertThatThrownBy(() -> Executables.resolve("no-such-program-jprof")).hasMessage("cannot run 'no-such-program-jprof': no such file or directory");
        assertThatThrownBy(() -> Executables.resolve(dir.toString())).hasMessage("cannot run '" + dir + "': is a directory");
        Path plain = Files.writeString(dir.resolve("plain.txt"), "x");
        assertThatThrownBy(() -> Executables.resolve(plain.toString())).hasMessage("cannot run '" + plain + "': permission denied");
    }

    @Test
    void startFailuresLoseJavasNoise() {
        IOException e = new IOException("Cannot run program \"x\": error=13, Permission denied");
        assertThat(Executables.describeStartFailure("x", Path.of("x"), e)).isEqualTo("cannot run 'x': permission denied");
    }

    @Test
    void theAgentJarIsThere() throws IOException {
        assertThat(LaunchRecorder.agentJar()).isRegularFile();
    }
}
