package dev.jprof.agent.trace;

import java.util.function.IntFunction;
import java.util.function.ObjIntConsumer;

/**
 * Where the hooks of JDK classes land (through java.lang.JprofTraceHooks, see {@link BootHooks}): records as
 * {@link Tracer#enterAny} does, guarded against calls made while jprof's own code runs on the thread.
 */
final class JdkTarget implements IntFunction<Object>, ObjIntConsumer<Object> {
    @Override
    public Object apply(int method) {
        return Tracer.enterAny(method);
    }

    @Override
    public void accept(Object trace, int method) {
        Tracer.exitAny((ThreadTrace) trace, method);
    }
}
