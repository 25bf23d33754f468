package dev.jprof.agent.wall;

import dev.jprof.agent.AgentOptions.StackFetch;
import dev.jprof.agent.jfr.EventSettings;
import dev.jprof.agent.jfr.ThreadActivityEvent;
import dev.jprof.agent.jfr.WaitSampleEvent;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The sampler inside this JVM, with a recording of its own, against threads whose state is known. */
class WallSamplerTest {
    private static final Object LOCK = new Object();
    private static volatile boolean done;
    private static volatile double sink;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = StackFetch.class, names = {"HANDSHAKE", "DUMP"})
    void waitingBlockedAndRunningThreads(StackFetch fetch) throws Exception {
        done = false;
        CountDownLatch held = new CountDownLatch(1);
        Thread sleeper = new Thread(WallSamplerTest::sleepHere, "test-sleeper");
        Thread holder = new Thread(() -> holdHere(held), "test-holder");
        Thread blocked = new Thread(WallSamplerTest::blockHere, "test-blocked");
        Thread busy = new Thread(WallSamplerTest::spinHere, "test-busy");
        sleeper.start();
        holder.start();
        held.await();
        blocked.start();
        busy.start();
        while (blocked.getState() != Thread.State.BLOCKED) Thread.sleep(5);

        FlightRecorder.register(WaitSampleEvent.class);
        FlightRecorder.register(ThreadActivityEvent.class);
        Path file = dir.resolve("wall.jfr");
        List<RecordedEvent> events;
        try (Recording recording = new Recording(EventSettings.forMode("wall", 10_000_000, false))) {
            recording.start();
            WallSampler sampler = new WallSampler(true, 10_000_000, 300_000_000, fetch);
            sampler.start();
            Thread.sleep(1200);
            sampler.stop(2000);
            assertThat(sampler.tickCount()).isGreaterThan(30);
            recording.stop();
            recording.dump(file);
        } finally {
            done = true;
            holder.interrupt();
            sleeper.interrupt();
            for (Thread t : List.of(sleeper, holder, blocked, busy)) t.join(5000);
        }
        events = RecordingFile.readAllEvents(file);

        List<RecordedEvent> waits = events.stream().filter(e -> e.getEventType().getName().equals("jprof.WaitSample"))
                .collect(Collectors.toList());
        assertThat(count(waits, "test-sleeper", "TIMED_WAITING", "sleepHere")).isGreaterThan(30);
        assertThat(count(waits, "test-holder", "TIMED_WAITING", "holdHere")).isGreaterThan(30);
        assertThat(count(waits, "test-blocked", "BLOCKED", "blockHere")).isGreaterThan(30);
        for (RecordedEvent e : waits) {
            assertThat(e.getDuration()).isLessThan(Duration.ofMillis(600));
            RecordedThread t = e.getThread("sampledThread");
            assertThat(t).as(e.toString()).isNotNull();
            assertThat(e.getLong("javaThreadId")).isEqualTo(t.getJavaThreadId());
        }
        assertThat(waits.stream().filter(e -> name(e).equals("test-sleeper")).count()).as("one per window").isGreaterThanOrEqualTo(3);

        List<RecordedEvent> activity = events.stream().filter(e -> e.getEventType().getName().equals("jprof.ThreadActivity"))
                .filter(e -> name(e).equals("test-busy")).collect(Collectors.toList());
        assertThat(activity.stream().mapToLong(e -> e.getLong("runnableTicks")).sum()).isGreaterThan(30);
        assertThat(activity.stream().mapToLong(e -> e.getLong("cpuNanos")).sum()).isGreaterThan(0);
        assertThat(waits.stream().filter(e -> name(e).equals("test-busy")).mapToLong(e -> e.getInt("count")).sum())
                .as("a running thread is not a waiting one").isLessThan(5);
    }

    private static long count(List<RecordedEvent> waits, String thread, String state, String method) {
        return waits.stream().filter(e -> name(e).equals(thread) && e.getString("state").equals(state))
                .peek(e -> assertThat(e.getString("stack")).contains("\t" + method + "\t"))
                .mapToLong(e -> e.getInt("count")).sum();
    }

    private static String name(RecordedEvent e) {
        RecordedThread t = e.getThread("sampledThread");
        return t == null ? e.getString("threadName") : t.getJavaName();
    }

    static void sleepHere() {
        try {
            while (!done) Thread.sleep(1000);
        } catch (InterruptedException e) {
            // done
        }
    }

    static void holdHere(CountDownLatch held) {
        synchronized (LOCK) {
            held.countDown();
            try {
                while (!done) Thread.sleep(1000);
            } catch (InterruptedException e) {
                // done
            }
        }
    }

    static void blockHere() {
        synchronized (LOCK) {
            sink++;
        }
    }

    static void spinHere() {
        double x = 0;
        while (!done) {
            for (int i = 0; i < 10_000; i++) x += Math.sqrt(x + i);
        }
        sink = x;
    }
}
