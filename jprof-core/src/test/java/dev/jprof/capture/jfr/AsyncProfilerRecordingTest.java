package dev.jprof.capture.jfr;

import dev.jprof.model.Attributes;
import dev.jprof.model.FrameKind;
import dev.jprof.model.Profile;
import dev.jprof.model.ThreadState;
import dev.jprof.transform.MethodTable;
import dev.jprof.transform.View;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Recordings async-profiler wrote (see src/test/resources/async-profiler/README.md) read into profiles. */
class AsyncProfilerRecordingTest {
    private static Path resource(String name) throws URISyntaxException {
        return Path.of(AsyncProfilerRecordingTest.class.getResource("/async-profiler/" + name).toURI());
    }

    /** Samples per state of each thread. */
    private static Map<String, Map<ThreadState, Long>> statesByThread(Profile profile) {
        Map<String, Map<ThreadState, Long>> states = new HashMap<>();
        int samples = profile.valueTypeIndex("samples");
        for (int s = 0; s < profile.sampleCount(); s++) {
            String thread = profile.threadName(profile.sampleThread(s));
            states.computeIfAbsent(thread, k -> new EnumMap<>(ThreadState.class))
                    .merge(profile.sampleState(s), profile.value(samples, s), Long::sum);
        }
        return states;
    }

    private static ThreadState mostOf(Map<ThreadState, Long> states) {
        return states.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    @Test
    void wallClockSamplesGetTheJavaStateOfWhereEachThreadStopped() throws Exception {
        Profile profile = JfrProfileReader.read(resource("wall-states.jfr"));
        assertThat(profile.attribute(Attributes.MODE)).isEqualTo("wall");
        assertThat(profile.attribute(Attributes.ENGINE)).isEqualTo("async-profiler wall");
        assertThat(profile.attribute(Attributes.INTERVAL_NANOS)).isEqualTo("20000000");
        Map<String, Map<ThreadState, Long>> states = statesByThread(profile);
        assertThat(mostOf(states.get("sleeper"))).isEqualTo(ThreadState.TIMED_WAITING);
        assertThat(mostOf(states.get("blocked"))).isEqualTo(ThreadState.BLOCKED);
        assertThat(mostOf(states.get("parker"))).isEqualTo(ThreadState.WAITING);
        assertThat(mostOf(states.get("holder"))).isEqualTo(ThreadState.RUNNABLE);
        assertThat(mostOf(states.get("Finalizer"))).isEqualTo(ThreadState.WAITING);
        // the launcher's thread ran main() and is renamed DestroyJavaVM at the end: it is main
        assertThat(states).containsKey("main").doesNotContainKey("DestroyJavaVM");
        // 2 s at 20 ms: about 100 ticks of the sleeper, counted by the samples field of batched events
        assertThat(states.get("sleeper").values().stream().mapToLong(Long::longValue).sum()).isBetween(90L, 110L);
        // the JVM's own threads and async-profiler's are not part of the program
        assertThat(states.keySet()).noneMatch(name -> name.startsWith("Async-profiler") || name.startsWith("C2 Compiler")
                || name.equals("Signal Dispatcher"));
    }

    @Test
    void nativeLibraryTimeGoesToTheNativeMethodUnlessNativeFramesAreAsked() throws Exception {
        Profile profile = JfrProfileReader.read(resource("cpu-deflater.jfr"));
        assertThat(profile.attribute(Attributes.ENGINE)).isEqualTo("async-profiler perf_events");
        boolean sawLibrary = false;
        for (int f = 0; f < profile.frameCount(); f++) {
            if (profile.frameMethod(f).equals("deflate") && profile.frameClass(f).startsWith("libz")) {
                assertThat(profile.frameKind(f)).isEqualTo(FrameKind.NATIVE);
                sawLibrary = true;
            }
        }
        assertThat(sawLibrary).isTrue();

        Map<String, Double> javaOnly = selfShares(View.defaults().apply(profile));
        assertThat(javaOnly.get("java.util.zip.Deflater.deflateBytesBytes")).isGreaterThan(0.9);
        assertThat(javaOnly.keySet()).noneMatch(name -> name.contains("libz"));

        Map<String, Double> withNative = selfShares(View.defaults().withNativeCode(true).apply(profile));
        assertThat(withNative.getOrDefault("java.util.zip.Deflater.deflateBytesBytes", 0.0)).isLessThan(0.1);
        assertThat(withNative.entrySet().stream().filter(e -> e.getKey().contains("libz")).mapToDouble(Map.Entry::getValue).sum())
                .isGreaterThan(0.8);
    }

    private static Map<String, Double> selfShares(Profile profile) {
        Map<String, Double> shares = new HashMap<>();
        int samples = profile.valueTypeIndex("samples");
        double total = profile.total(samples);
        for (MethodTable.Row row : MethodTable.of(profile).rows()) shares.put(row.name(), row.self(samples) / total);
        return shares;
    }
}
