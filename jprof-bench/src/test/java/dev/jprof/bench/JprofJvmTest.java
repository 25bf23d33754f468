package dev.jprof.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class JprofJvmTest {
    @Test
    void theArchiveIsNamedAsTheLauncherNamesItAndUsedOnceItExists(@TempDir Path dir) throws Exception {
        Path java = Files.createDirectories(dir.resolve("my jdk/bin")).resolve("java");
        Files.createFile(java);
        Path jar = Files.createFile(dir.resolve("jprof.jar"));
        Path home = dir.resolve("my jdk").toRealPath();
        Path archive = JprofJvm.archive(java.toString(), jar);
        // ./jprof: "${jar%.jar}-$(printf %s "$java_home" | tr -c 'A-Za-z0-9.-' _).jsa"
        assertThat(archive).isEqualTo(dir.resolve("jprof-" + home.toString().replaceAll("[^A-Za-z0-9.-]", "_") + ".jsa"));
        assertThat(archive.getFileName().toString()).contains("_my_jdk.jsa");

        assertThat(JprofJvm.command(java.toString(), jar, "record")).containsExactly(java.toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar.toString(), "record");
        Files.createFile(archive);
        assertThat(JprofJvm.command(java.toString(), jar, "record")).containsSubsequence("-XX:+UseSerialGC",
                "-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-jar");
        assertThat(JprofJvm.withoutArchive(java.toString(), jar, "record")).noneMatch(a -> a.startsWith("-XX:SharedArchiveFile"));
        assertThat(JprofJvm.shorten(String.join(" ", JprofJvm.command(java.toString(), jar)), java.toString(), jar))
                .contains("-XX:SharedArchiveFile=jprof.jsa");
    }

    @Test
    void aJavaThatCannotBeResolvedHasNoArchive(@TempDir Path dir) {
        assertThat(JprofJvm.archive("java-that-is-not-here", dir.resolve("jprof.jar"))).isNull();
        assertThat(JprofJvm.command("java-that-is-not-here", dir.resolve("jprof.jar"), "record")).doesNotContain("-Xlog:cds=off");
    }
}
