package dev.jprof.top;

import dev.jprof.capture.attach.JvmConnection;
import dev.jprof.capture.jfr.HiddenClassNames;
import dev.jprof.top.StackSample.Frame;

import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * top's fallback for JVMs without Flight Recorder: a thread dump over JMX every period, each running
 * thread's stack counted as one period of CPU. Thread dumps stop the JVM at a safepoint, so they cost
 * more and see threads only where they can stop (safepoint bias): the header says so.
 */
final class ThreadDumpSampler implements SampleSource {
    /** Thread dumps over JMX cost milliseconds each: never more often than this. */
    static final Duration MIN_PERIOD = Duration.ofMillis(100);

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Duration period;
    private final String why;

    private ThreadDumpSampler(Duration period, String why) {
        this.period = period;
        this.why = why;
    }

    static ThreadDumpSampler start(JvmConnection jvm, Duration interval, SampleCounts counts, String why) {
        Duration period = interval.compareTo(MIN_PERIOD) < 0 ? MIN_PERIOD : interval;
        ThreadDumpSampler sampler = new ThreadDumpSampler(period, why);
        Thread thread = new Thread(() -> sampler.run(jvm, counts), "jprof-thread-dumps");
        thread.setDaemon(true);
        thread.start();
        return sampler;
    }

    private void run(JvmConnection jvm, SampleCounts counts) {
        long periodNanos = period.toNanos();
        long next = System.nanoTime();
        try {
            ObjectName threading = new ObjectName("java.lang:type=Threading");
            while (running.get() && jvm.isAlive()) {
                CompositeData[] infos = (CompositeData[]) jvm.mbeans().invoke(threading, "dumpAllThreads",
                        new Object[]{false, false}, new String[]{"boolean", "boolean"});
                long now = System.currentTimeMillis() * 1_000_000L;
                for (CompositeData data : infos) {
                    if (data == null) continue;
                    ThreadInfo info = ThreadInfo.from(data);
                    if (info.getThreadState() != Thread.State.RUNNABLE || info.isInNative()) continue;
                    StackTraceElement[] trace = info.getStackTrace();
                    // in a native method (poll, accept, a VM wait): not running Java code, as JFR sees it
                    if (trace.length == 0 || trace[0].isNativeMethod() || servesThisDump(trace)) continue;
                    List<Frame> frames = new ArrayList<>(trace.length);
                    for (StackTraceElement e : trace) {
                        frames.add(new Frame(HiddenClassNames.normalize(e.getClassName()), e.getMethodName(), e.getLineNumber()));
                    }
                    counts.add(new StackSample(info.getThreadName(), List.copyOf(frames)), periodNanos, now);
                }
                next += periodNanos;
                long sleep = (next - System.nanoTime()) / 1_000_000;
                if (sleep > 0) Thread.sleep(sleep);
                else next = System.nanoTime();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // the JVM went away or stopped answering: top notices through the connection
        }
    }

    /** The JVM's thread that runs jprof's own dumpAllThreads call. */
    private static boolean servesThisDump(StackTraceElement[] trace) {
        for (StackTraceElement e : trace) {
            if (e.getMethodName().equals("dumpAllThreads") && e.getClassName().startsWith("sun.management.ThreadImpl")) return true;
        }
        return false;
    }

    @Override
    public String engine() {
        return "thread dumps over JMX every " + period.toMillis() + " ms, safepoint-biased (" + why + ")";
    }

    @Override
    public void close() {
        running.set(false);
    }
}
