package dev.jprof.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Allocation profiles, heap histograms, growth and leak chains of real JVMs. */
class MemoryIT {
    @TempDir
    Path dir;

    private Process target;

    static Stream<String> jdks() {
        return Stream.concat(Stream.of(Jprof.java17()), Jprof.java25().stream());
    }

    @AfterEach
    void stopTarget() throws Exception {
        if (target != null) {
            target.destroyForcibly();
            target.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Starts GrowingMap (leaks LeakedSession objects into a static map) and waits until it runs. */
    private long startGrowingMap() throws Exception {
        target = new ProcessBuilder(Jprof.java17(), "-Xmx128m", "-cp", Jprof.TEST_CLASSES.toString(), "dev.jprof.testapps.GrowingMap", "300")
                .redirectError(dir.resolve("target.err").toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(target.getInputStream(), StandardCharsets.UTF_8));
        assertThat(out.readLine()).startsWith("ready");
        return target.pid();
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void allocationsOfAKnownTypeInAKnownMethodDominateTheBytes(String java) throws Exception {
        Jprof.Result result = Jprof.run(dir, "record", "--mode", "alloc", "-o", "alloc.jfr", "--", java, "-cp",
                Jprof.TEST_CLASSES.toString(), "dev.jprof.testapps.AllocSplit", "3");
        assertThat(result.exitCode()).as(result.toString()).isZero();

        Jprof.Result collapsed = Jprof.run(dir, "report", "alloc.jfr", "-o", "alloc.collapsed", "--lines");
        assertThat(collapsed.exitCode()).as(collapsed.toString()).isZero();
        assertThat(collapsed.stderr()).contains("alloc mode");
        Collapsed stacks = Collapsed.read(dir.resolve("alloc.collapsed"));
        long inPayloads = 0;
        for (int i = 0; i < stacks.stacks().size(); i++) {
            if (stacks.stacks().get(i).stream().anyMatch(f -> f.contains("AllocSplit.allocatePayloads:"))) inPayloads += stacks.counts().get(i);
        }
        assertThat(stacks.total()).isPositive();
        assertThat(100.0 * inPayloads / stacks.total()).as("bytes in allocatePayloads").isGreaterThanOrEqualTo(80.0);
        assertThat(stacks.stacks()).anyMatch(s -> s.get(s.size() - 1).equals("long[]") && s.get(s.size() - 2).contains("Payload.<init>"));

        Jprof.Result table = Jprof.run(dir, "report", "alloc.jfr");
        assertThat(table.stdout()).contains("self bytes").contains("long[]");
        Jprof.Result json = Jprof.run(dir, "report", "alloc.jfr", "-f", "json");
        assertThat(json.stdout()).contains("\"bytes\"").contains("\"allocation\"");
        Jprof.Result same = Jprof.run(dir, "diff", "alloc.jfr", "alloc.jfr");
        assertThat(same.exitCode()).as(same.toString()).isZero();
        assertThat(same.stdout()).contains("bytes change").contains("AllocSplit$Payload.<init>  long[]");
    }

    /** Threads and allocations in one run: two outputs from one recording, each as its own mode would give. */
    @Test
    void cpuAndAllocationsInOneRun() throws Exception {
        Jprof.Result result = Jprof.run(dir, "record", "--mode", "cpu,alloc", "--lines", "-o", "both.collapsed", "--", Jprof.java17(),
                "-cp", Jprof.TEST_CLASSES.toString(), "dev.jprof.testapps.AllocSplit", "3");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stderr()).contains("both.collapsed (collapsed)").contains("cpu mode")
                .contains("both-alloc.collapsed (collapsed)").contains("alloc mode");
        Collapsed cpu = Collapsed.read(dir.resolve("both.collapsed"));
        Collapsed bytes = Collapsed.read(dir.resolve("both-alloc.collapsed"));
        assertThat(cpu.stacks()).noneMatch(s -> s.get(s.size() - 1).equals("long[]"));
        assertThat(cpu.stacks()).anyMatch(s -> s.stream().anyMatch(f -> f.contains("AllocSplit.allocatePayloads:")));
        long inPayloads = 0;
        for (int i = 0; i < bytes.stacks().size(); i++) {
            if (bytes.stacks().get(i).stream().anyMatch(f -> f.contains("AllocSplit.allocatePayloads:"))) inPayloads += bytes.counts().get(i);
        }
        assertThat(100.0 * inPayloads / bytes.total()).as("bytes in allocatePayloads").isGreaterThanOrEqualTo(80.0);
        assertThat(bytes.stacks()).noneMatch(s -> s.stream().anyMatch(f -> f.contains("dev.jprof.agent.wall")));

        Jprof.Result jfr = Jprof.run(dir, "record", "--mode", "wall,alloc", "-o", "both.jfr", "--", Jprof.java17(),
                "-cp", Jprof.TEST_CLASSES.toString(), "dev.jprof.testapps.AllocSplit", "1");
        assertThat(jfr.exitCode()).as(jfr.toString()).isZero();
        assertThat(Jprof.run(dir, "report", "both.jfr").stdout()).contains("mode: wall").contains("self samples");
        assertThat(Jprof.run(dir, "report", "both.jfr", "--alloc").stdout()).contains("mode: alloc").contains("long[]");

        Jprof.Result refused = Jprof.run(dir, "record", "--mode", "cpu,wall", "--", Jprof.java17(), "-version");
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.stderr().strip()).doesNotContain("\n").contains("cpu and wall do not go together");
    }

    @Test
    void runningJvmShowsItsLeakInGrowthLeaksAndAllocations() throws Exception {
        String pid = Long.toString(startGrowingMap());

        Jprof.Result histogram = Jprof.run(dir, "heap", "--pid", pid, "--top", "0");
        assertThat(histogram.exitCode()).as(histogram.toString()).isZero();
        assertThat(histogram.stderr()).contains("pauses JVM " + pid);
        assertThat(histogram.stdout()).contains("dev.jprof.testapps.GrowingMap$LeakedSession").contains("byte[]");

        Jprof.Result growth = Jprof.run(dir, "heap", "--pid", pid, "--live", "--growth", "--every", "1s", "--times", "3", "--top", "0");
        assertThat(growth.exitCode()).as(growth.toString()).isZero();
        assertThat(growth.stderr()).contains("forces a full GC");
        String afterBaseline = growth.stdout().substring(growth.stdout().indexOf("snapshot 2"));
        assertThat(afterBaseline).contains("GrowingMap$LeakedSession").doesNotContain("StableItem");

        Jprof.Result leaks = Jprof.run(dir, "leaks", "--pid", pid, "--duration", "6s", "--top", "0");
        assertThat(leaks.exitCode()).as(leaks.toString()).isZero();
        assertThat(leaks.stdout()).containsPattern("held by: .*GrowingMap}\\.SESSIONS -> .*GrowingMap\\$LeakedSession");

        Jprof.Result paths = Jprof.run(dir, "heap", "paths", "--pid", pid, "--type", "LeakedSession", "--keep", "heap.hprof", "-o", "leak.dot");
        assertThat(paths.exitCode()).as(paths.toString()).isZero();
        assertThat(paths.stderr()).contains("pauses while the heap is written").contains("wrote leak.dot");
        assertThat(paths.stdout()).containsPattern("class dev\\.jprof\\.testapps\\.GrowingMap\\.SESSIONS\\R(.*\\R)*.*GrowingMap\\$LeakedSession");
        assertThat(Files.readString(dir.resolve("leak.dot"))).startsWith("digraph").contains("label=\"SESSIONS\"");
        Jprof.Result fromFile = Jprof.run(dir, "heap", "paths", "--file", "heap.hprof", "--type", "dev.jprof.testapps.GrowingMap$LeakedSession");
        assertThat(fromFile.exitCode()).as(fromFile.toString()).isZero();
        assertThat(fromFile.stdout()).contains("GrowingMap.SESSIONS").doesNotContain("StableItem");
        Jprof.Result stable = Jprof.run(dir, "heap", "paths", "--file", "heap.hprof", "--type", "StableItem");
        assertThat(stable.exitCode()).as(stable.toString()).isZero();
        assertThat(stable.stdout()).contains("objects of type StableItem").doesNotContain("SESSIONS");

        byte[] dump = Files.readAllBytes(dir.resolve("heap.hprof"));
        Files.write(dir.resolve("cut.hprof"), java.util.Arrays.copyOf(dump, dump.length / 2));
        Jprof.Result cut = Jprof.run(dir, "heap", "paths", "--file", "cut.hprof", "--type", "LeakedSession");
        assertThat(cut.exitCode()).isNotZero();
        assertThat(cut.stderr().strip().lines()).as(cut.toString()).hasSize(1).first().asString()
                .startsWith("jprof: cut.hprof: truncated or corrupt heap dump");

        Jprof.Result alloc = Jprof.run(dir, "record", "--pid", pid, "--mode", "alloc", "--duration", "2s", "-o", "attach.collapsed");
        assertThat(alloc.exitCode()).as(alloc.toString()).isZero();
        Map<String, Long> counts = Collapsed.read(dir.resolve("attach.collapsed")).byDeepest("main");
        assertThat(counts.get("main")).as(counts.toString()).isPositive();
        assertThat(target.isAlive()).isTrue();
    }

    @Test
    void badTargetsAndFilesGiveOneLine() throws Exception {
        Jprof.Result noJvm = Jprof.run(dir, "heap", "--pid", "999999999");
        assertThat(noJvm.exitCode()).isNotZero();
        assertThat(noJvm.stderr().strip().lines()).as(noJvm.toString()).hasSize(1).first().asString().startsWith("jprof: ");

        Files.writeString(dir.resolve("junk.jfr"), "FLR\0junk");
        Jprof.Result junk = Jprof.run(dir, "diff", "junk.jfr", "junk.jfr");
        assertThat(junk.exitCode()).isNotZero();
        assertThat(junk.stderr().strip().lines()).as(junk.toString()).hasSize(1).first().asString().startsWith("jprof: junk.jfr");
    }
}
