package dev.jprof.agent;

import dev.jprof.agent.jfr.EventSettings;
import dev.jprof.agent.jfr.JprofEventNames;
import dev.jprof.agent.jfr.ThreadScheduleEvent;
import dev.jprof.agent.jfr.RecordingInfoEvent;
import dev.jprof.agent.jfr.ThreadActivityEvent;
import dev.jprof.agent.jfr.WaitSampleEvent;
import dev.jprof.agent.wall.WallSampler;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;

/**
 * One run of the agent in this JVM: its recording (if it owns one), its sampler, and, when loaded
 * into a running JVM, the MBean that stops it.
 *
 * <p>How the recording gets written at exit: JFR's own shutdown hook stops every running recording
 * (JDK 11 to 25), and a stopped recording with a destination writes itself there. The agent adds no
 * hook of its own (hooks run concurrently, so it could not order itself before JFR's). Instead, its
 * sampler's last partial window is committed from JFR's "end of chunk" callback (jprof.ThreadActivity
 * is periodic with period endChunk), which runs inside the stop, before the last chunk is closed,
 * whoever stops the recording: the JVM's exit, System.exit, SIGTERM, SIGINT, or jprof over JMX.
 */
final class AgentSession implements SamplerMXBean {
    private static final long STOP_TIMEOUT_MILLIS = 2000;
    private static AgentSession current;

    private final AgentOptions options;
    private final String engine;
    private final WallSampler sampler;
    private final Runnable flushHook;
    private final boolean dynamic;
    private volatile boolean running = true;

    private AgentSession(AgentOptions options, String engine, WallSampler sampler, Runnable flushHook, boolean dynamic) {
        this.options = options;
        this.engine = engine;
        this.sampler = sampler;
        this.flushHook = flushHook;
        this.dynamic = dynamic;
    }

    static synchronized void start(AgentOptions options, boolean dynamic) throws Exception {
        if (current != null && current.running) {
            AgentLog.line("already running in this JVM (" + current.options.mode() + " mode); ignoring this load");
            return;
        }
        if (dynamic && otherSamplerRunning()) {
            AgentLog.line("a jprof sampler already runs in this JVM; ignoring this load");
            return;
        }
        if (!FlightRecorder.isAvailable()) {
            AgentLog.line("JFR is not available in this JVM; not profiling");
            return;
        }
        // one engine per mode, in the order of the modes
        String engine = "";
        Map<String, String> settings = new LinkedHashMap<>();
        if (options.threads()) {
            boolean cpuTime = chooseCpuTimeSampler(options.engine());
            engine = EventSettings.engineName(cpuTime);
            settings = EventSettings.forMode(options.threadMode(), options.intervalNanos(), cpuTime);
        }
        if (options.allocations()) {
            boolean allocationSample = EventSettings.allocationSampleAvailable();
            engine += (engine.isEmpty() ? "" : "+") + EventSettings.allocationEngineName(allocationSample);
            settings = EventSettings.withAllocation(settings, options.intervalNanos(), allocationSample);
        }
        if (options.locks()) {
            engine += (engine.isEmpty() ? "" : "+") + EventSettings.ENGINE_LOCK;
            settings = EventSettings.withLock(settings, options.lockThresholdNanos());
        }

        FlightRecorder.register(RecordingInfoEvent.class);
        // each registration makes JFR generate an event handler class: only what this mode writes
        if (options.wall()) FlightRecorder.register(WaitSampleEvent.class);
        FlightRecorder.register(ThreadActivityEvent.class);
        boolean schedules = "true".equals(settings.get(JprofEventNames.THREAD_SCHEDULE + "#enabled"));
        if (schedules) FlightRecorder.register(ThreadScheduleEvent.class);

        Recording recording = null;
        if (options.recording()) {
            Path file = Paths.get(options.file(ProcessHandle.current().pid())).toAbsolutePath();
            recording = new Recording(settings);
            recording.setName("jprof");
            recording.setToDisk(true);
            recording.setDumpOnExit(true);
            try {
                Path parent = file.getParent();
                if (parent != null) Files.createDirectories(parent);
                recording.setDestination(file);
            } catch (Exception e) {
                recording.close();
                AgentLog.line("cannot write " + file + " (" + AgentLog.describe(e) + "); not profiling");
                return;
            }
        }

        WallSampler sampler = new WallSampler(options.wall(), options.intervalNanos(), options.flushNanos(), options.stackFetch());
        sampler.measureTickCpu(options.stats());
        if (schedules) sampler.recordThreadSchedules();
        Runnable flushHook = new FlushHook(sampler);
        FlightRecorder.addPeriodicEvent(ThreadActivityEvent.class, flushHook);
        try {
            if (recording != null) recording.start();
        } catch (RuntimeException e) {
            FlightRecorder.removePeriodicEvent(flushHook);
            recording.close();
            throw e;
        }

        RecordingInfoEvent info = new RecordingInfoEvent();
        info.mode = options.mode();
        info.intervalNanos = options.intervalNanos();
        info.engine = engine;
        info.debugNonSafepoints = debugNonSafepoints();
        info.commit();

        // alloc and lock modes need nothing from the sampler, and its allocations and waits would show in their profiles
        if (options.threads()) sampler.start();
        AgentSession session = new AgentSession(options, engine, sampler, flushHook, dynamic);
        current = session;
        if (dynamic) session.register();
        if (options.stats()) {
            Runtime.getRuntime().addShutdownHook(new Thread(new StatsPrinter(session), "jprof-stats"));
        }
    }

    private static boolean chooseCpuTimeSampler(AgentOptions.Engine engine) {
        switch (engine) {
            case EXECUTION_SAMPLE:
                return false;
            case CPU_TIME:
                if (EventSettings.cpuTimeSamplerAvailable()) return true;
                AgentLog.line("engine cpu-time needs JFR's CPU-time sampler (JDK 25+ on Linux); using execution-sample");
                return false;
            default:
                return EventSettings.cpuTimeSamplerAvailable();
        }
    }

    /** Whether the JVM runs with -XX:+DebugNonSafepoints. */
    static boolean debugNonSafepoints() {
        try {
            com.sun.management.HotSpotDiagnosticMXBean hotspot =
                    ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            return hotspot != null && Boolean.parseBoolean(hotspot.getVMOption("DebugNonSafepoints").getValue());
        } catch (Throwable t) {
            return false;
        }
    }

    private static boolean otherSamplerRunning() {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName(OBJECT_NAME);
            if (!server.isRegistered(name)) return false;
            Object running = server.getAttribute(name, "Running");
            if (Boolean.TRUE.equals(running)) return true;
            server.unregisterMBean(name);
            return false;
        } catch (Throwable t) {
            return false;
        }
    }

    private void register() {
        try {
            ManagementFactory.getPlatformMBeanServer().registerMBean(this, new ObjectName(OBJECT_NAME));
        } catch (Throwable t) {
            AgentLog.line("could not register MBean " + OBJECT_NAME + ": " + AgentLog.describe(t));
        }
    }

    @Override
    public void stop() {
        synchronized (AgentSession.class) {
            if (!running) return;
            running = false;
            sampler.stop(STOP_TIMEOUT_MILLIS);
            try {
                FlightRecorder.removePeriodicEvent(flushHook);
            } catch (Throwable ignored) {
                // JFR shut down meanwhile
            }
            if (dynamic) {
                try {
                    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
                    ObjectName name = new ObjectName(OBJECT_NAME);
                    if (server.isRegistered(name)) server.unregisterMBean(name);
                } catch (Throwable ignored) {
                    // already gone
                }
            }
            if (options.stats()) AgentLog.line(sampler.stats());
            if (current == this) current = null;
        }
    }

    @Override
    public boolean isRunning() {
        return running && sampler.running();
    }

    @Override
    public String getMode() {
        return options.mode();
    }

    @Override
    public long getIntervalNanos() {
        return options.intervalNanos();
    }

    @Override
    public String getEngine() {
        return engine;
    }

    @Override
    public long getTickCount() {
        return sampler.tickCount();
    }

    @Override
    public long getMeanTickNanos() {
        return sampler.meanTickNanos();
    }

    @Override
    public long getMaxTickNanos() {
        return sampler.maxTickNanos();
    }

    @Override
    public String getStats() {
        return sampler.stats();
    }

    /** JFR's end-of-chunk callback: commits the sampler's partial window. */
    private static final class FlushHook implements Runnable {
        private final WallSampler sampler;

        FlushHook(WallSampler sampler) {
            this.sampler = sampler;
        }

        @Override
        public void run() {
            sampler.flushNow(500);
        }
    }

    private static final class StatsPrinter implements Runnable {
        private final AgentSession session;

        StatsPrinter(AgentSession session) {
            this.session = session;
        }

        @Override
        public void run() {
            if (session.running) AgentLog.line(session.sampler.stats());
        }
    }
}
