package dev.jprof.capture.launch;

import dev.jprof.capture.Mode;
import dev.jprof.capture.SamplingSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
        List<String> flags = LaunchRecorder.jvmFlags(Path.of("/w/repository"));
        List<String> command = LaunchRecorder.launchCommand(List.of("/opt/jdk/bin/java", "-cp", "app.jar", "Main", "x"), "-javaagent:a.jar=o", flags);
        assertThat(command).containsExactly("/opt/jdk/bin/java", "-javaagent:a.jar=o", "-XX:+UnlockDiagnosticVMOptions",
                "-XX:+DebugNonSafepoints", "-XX:FlightRecorderOptions=stackdepth=2048,repository=/w/repository",
                "-cp", "app.jar", "Main", "x");
        assertThat(LaunchRecorder.launchCommand(List.of("./gradlew", "test"), "-javaagent:a.jar=o", flags)).containsExactly("./gradlew", "test");
        assertThat(LaunchRecorder.isJava("java")).isTrue();
        assertThat(LaunchRecorder.isJava("/usr/bin/java")).isTrue();
        assertThat(LaunchRecorder.isJava("javac")).isFalse();
        assertThat(LaunchRecorder.isJava("/usr/bin/myjava")).isFalse();
    }

    @Test
    void scriptsGetTheFlagsInJavaToolOptions() {
        List<String> flags = LaunchRecorder.jvmFlags(Path.of("/w/repository"));
        assertThat(LaunchRecorder.javaToolOptions(null, "-javaagent:/a.jar=mode=cpu", flags))
                .isEqualTo("-javaagent:/a.jar=mode=cpu -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints"
                        + " -XX:FlightRecorderOptions=stackdepth=2048,repository=/w/repository");
        assertThat(LaunchRecorder.javaToolOptions(" -Xmx1g ", "-javaagent:/my dir/a.jar=file=/w/%p.jfr", flags))
                .startsWith("-Xmx1g \"-javaagent:/my dir/a.jar=file=/w/%p.jfr\" -XX:");
    }

    @Test
    void aRepositoryPathThatWouldBreakTheOptionIsLeftOut() {
        assertThat(LaunchRecorder.jvmFlags(Path.of("/my dir,x/repository"))).contains("-XX:FlightRecorderOptions=stackdepth=2048");
    }

    @Test
    void agentOptionsEndWithTheFile() {
        LaunchRecorder recorder = new LaunchRecorder(new SamplingSettings(Mode.WALL, Duration.ofMillis(5)), dir);
        assertThat(recorder.agentOptions(Path.of("/w"))).isEqualTo("mode=wall,interval=5000000,file=/w/%p.jfr");
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
