package dev.jprof.capture.threads;

import dev.jprof.capture.threads.ThreadDump.Deadlock;
import dev.jprof.capture.threads.ThreadDump.Frame;
import dev.jprof.capture.threads.ThreadDump.Lock;
import dev.jprof.capture.threads.ThreadDump.ThreadEntry;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ThreadDumpPartsTest {
    private static ThreadEntry waiting(String name, long id, Lock lock, String owner, long ownerId) {
        return new ThreadEntry(name, id, Thread.State.BLOCKED, false, false, 0, List.of(), lock, owner, ownerId,
                List.of(), false, false);
    }

    @Test
    void aCycleIsReportedOnceFromItsLowestThreadAndAThreadWaitingIntoItIsNotPartOfIt() {
        Lock a = new Lock("A", 1);
        Lock b = new Lock("B", 2);
        Lock c = new Lock("C", 3);
        List<ThreadEntry> threads = List.of(waiting("x", 7, b, "y", 5), waiting("y", 5, c, "z", 6),
                waiting("z", 6, a, "x", 7), waiting("late", 9, a, "x", 7));

        List<Deadlock> deadlocks = ThreadDumper.deadlocks(threads, new long[]{9, 7, 6, 5});

        assertThat(deadlocks).hasSize(1);
        assertThat(deadlocks.get(0).cycle()).extracting(l -> l.threadName()).containsExactly("y", "z", "x");
        assertThat(deadlocks.get(0).cycle()).extracting(l -> l.waitsFor().text()).containsExactly("C@3", "A@1", "B@2");
        assertThat(ThreadDumper.deadlocks(threads, new long[0])).isEmpty();
    }

    @Test
    void jsonFramesLoseTheirModuleButHiddenClassesKeepTheirSuffix() {
        Frame sleep = JsonThreadDump.frame("java.base/java.lang.Thread.sleep(Thread.java:540)");
        assertThat(sleep).isEqualTo(new Frame("java.lang.Thread", "sleep", "Thread.java", 540, false, List.of()));
        Frame loader = JsonThreadDump.frame("app//com.example.Main.run(Main.java:3)");
        assertThat(loader.className()).isEqualTo("com.example.Main");
        Frame nativeFrame = JsonThreadDump.frame("java.base@21.0.2/java.lang.Thread.sleepNanos0(Native Method)");
        assertThat(nativeFrame.nativeMethod()).isTrue();
        assertThat(nativeFrame.className()).isEqualTo("java.lang.Thread");
        Frame hidden = JsonThreadDump.frame("java.base/java.lang.invoke.LambdaForm$MH/0x00007f0c1c00c000.invoke(LambdaForm$MH)");
        assertThat(hidden.className()).isEqualTo("java.lang.invoke.LambdaForm$MH/0x00007f0c1c00c000");
        assertThat(hidden.method()).isEqualTo("invoke");
        assertThat(JsonThreadDump.frame("Main.main(Unknown Source)").text()).isEqualTo("Main.main(Unknown Source)");
    }

    @Test
    void jdk21JsonWithoutStatesGivesVirtualThreadsWithUnknownState() {
        String json = "{\"threadDump\":{\"processId\":\"1\",\"threadContainers\":[{\"container\":\"<root>\",\"threads\":["
                + "{\"tid\":\"31\",\"name\":\"\",\"stack\":[\"java.base/java.lang.VirtualThread.park(VirtualThread.java:582)\"]}]}]}}";
        List<ThreadEntry> threads = JsonThreadDump.threads(json);
        assertThat(threads).hasSize(1);
        assertThat(threads.get(0).id()).isEqualTo(31);
        assertThat(threads.get(0).virtual()).isTrue();
        assertThat(threads.get(0).state()).isNull();
        assertThat(threads.get(0).stack().get(0).method()).isEqualTo("park");
    }
}
