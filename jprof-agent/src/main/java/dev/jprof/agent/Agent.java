package dev.jprof.agent;

import dev.jprof.agent.request.RequestOptions;
import dev.jprof.agent.request.RequestSession;
import dev.jprof.agent.trace.TraceOptions;
import dev.jprof.agent.trace.TraceSession;
import dev.jprof.agent.watch.Watchdog;

import java.lang.instrument.Instrumentation;

/**
 * jprof's Java agent. {@code -javaagent:jprof-agent.jar=mode=wall,interval=10ms,file=/tmp/%p.jfr} at
 * launch, or loaded into a running JVM (agentmain). See {@link AgentOptions} for the options.
 *
 * <p>It starts a JFR recording with jprof's settings (unless {@code recording=none}) that is written
 * to {@code file} when the JVM exits, and jprof's wall sampler. It never stops the application: bad
 * options or a JVM without JFR give one line on stderr and the agent does nothing.
 *
 * <p>With options starting {@code trace=} it traces instead: exact calls and times of the chosen methods
 * through bytecode instrumentation (see {@link TraceOptions}); loaded with {@code trace-stop}, it ends an attached
 * tracing run early. With {@code watch=} it guards what a jprof process started by attaching (async-profiler, a
 * JFR recording, the wall sampler, jprof's files), undoing it if that process dies (see {@link Watchdog}). With {@code request=}, loaded by
 * {@code jprof request}, it profiles the web requests that carry a signed trigger, or
 * ({@code request=watch}, at launch too) keeps the requests that end slow (see {@link RequestSession}).
 *
 * <p>This class touches neither JFR nor JMX itself, so that it loads in any JVM and can tell when a
 * module is missing.
 */
public final class Agent {
    private Agent() {
    }

    public static void premain(String options, Instrumentation instrumentation) {
        // no program to run (java -version, -XshowSettings, ...): a launcher script asking about the JVM
        if (System.getProperty("sun.java.command") == null) return;
        if (TraceOptions.isTrace(options)) {
            TraceSession.start(options, instrumentation, false);
            return;
        }
        if (RequestOptions.isRequest(options)) {
            RequestSession.command(options, instrumentation);
            return;
        }
        start(options, false);
    }

    public static void agentmain(String options, Instrumentation instrumentation) {
        if (Watchdog.isStop(options)) {
            Watchdog.stop(options);
            return;
        }
        if (Watchdog.isWatch(options)) {
            Watchdog.start(options);
            return;
        }
        if (TraceOptions.isStop(options)) {
            TraceSession.stopEarly();
            return;
        }
        if (RequestOptions.isRequest(options)) {
            RequestSession.command(options, instrumentation);
            return;
        }
        if (TraceOptions.isTrace(options)) {
            TraceSession.start(options, instrumentation, true);
            return;
        }
        start(options, true);
    }

    private static void start(String text, boolean dynamic) {
        try {
            AgentOptions options = AgentOptions.parse(text);
            for (String module : new String[] {"jdk.jfr", "java.management"}) {
                if (!ModuleLayer.boot().findModule(module).isPresent()) {
                    AgentLog.line("this JVM has no module " + module + "; not profiling");
                    return;
                }
            }
            AgentSession.start(options, dynamic);
        } catch (IllegalArgumentException e) {
            AgentLog.line(e.getMessage() + "; not profiling");
        } catch (Throwable t) {
            AgentLog.line("could not start: " + AgentLog.describe(t) + "; not profiling");
        }
    }
}
