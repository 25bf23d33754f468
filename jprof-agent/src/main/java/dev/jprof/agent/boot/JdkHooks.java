package dev.jprof.agent.boot;

import java.util.function.IntFunction;
import java.util.function.ObjIntConsumer;

/**
 * The hooks of traced JDK classes. JDK classes cannot see the agent's own classes, so this class is
 * defined again, renamed java.lang.JprofTraceHooks, in java.base, where every JDK class can call it; it
 * hands each call to the tracer through two JDK interfaces. Never loaded under its own name.
 */
public final class JdkHooks {
    private static volatile IntFunction<Object> enter;
    private static volatile ObjIntConsumer<Object> exit;

    private JdkHooks() {
    }

    public static void target(IntFunction<Object> enterHook, ObjIntConsumer<Object> exitHook) {
        exit = exitHook;
        enter = enterHook;
    }

    public static Object enter(int method) {
        IntFunction<Object> hook = enter;
        return hook == null ? null : hook.apply(method);
    }

    public static void exit(Object trace, int method) {
        ObjIntConsumer<Object> hook = exit;
        if (hook != null) hook.accept(trace, method);
    }
}
