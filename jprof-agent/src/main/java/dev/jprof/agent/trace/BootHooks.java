package dev.jprof.agent.trace;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.commons.ClassRemapper;
import org.objectweb.asm.commons.SimpleRemapper;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandles;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.function.ObjIntConsumer;

/**
 * Makes jprof's hooks callable from JDK classes: the agent's dev.jprof.agent.boot.JdkHooks is defined again
 * as java.lang.JprofTraceHooks in java.base (once per JVM), which every JDK module reads, and pointed at
 * {@link JdkTarget}. Neither the boot class path nor any module's readability changes, so the JVM prints
 * nothing about it.
 */
final class BootHooks {
    static final String HOOKS = "java/lang/JprofTraceHooks";
    private static final String SOURCE = "dev/jprof/agent/boot/JdkHooks";

    private BootHooks() {
    }

    static synchronized void install(Instrumentation instrumentation) throws Exception {
        // loaded now, so that no hook ever loads a class (class loading runs JDK code that may be traced)
        for (String name : new String[] {"ThreadTrace", "Tracer$Slot", "JdkTarget"}) {
            Class.forName(BootHooks.class.getPackageName() + "." + name, true, BootHooks.class.getClassLoader());
        }
        Class<?> hooks;
        try {
            hooks = Class.forName(HOOKS.replace('/', '.'), true, null);
        } catch (ClassNotFoundException notYet) {
            Module base = Object.class.getModule();
            instrumentation.redefineModule(base, Set.of(), Map.of(), Map.of("java.lang", Set.of(BootHooks.class.getModule())),
                    Set.of(), Map.of());
            hooks = MethodHandles.privateLookupIn(Object.class, MethodHandles.lookup()).defineClass(renamed());
        }
        JdkTarget target = new JdkTarget();
        hooks.getMethod("target", IntFunction.class, ObjIntConsumer.class).invoke(null, target, target);
    }

    private static byte[] renamed() throws IOException {
        byte[] original;
        try (InputStream in = BootHooks.class.getResourceAsStream("/" + SOURCE + ".class")) {
            if (in == null) throw new IOException(SOURCE + ".class is missing from the agent");
            original = in.readAllBytes();
        }
        ClassReader reader = new ClassReader(original);
        ClassWriter writer = new ClassWriter(0);
        reader.accept(new ClassRemapper(writer, new SimpleRemapper(SOURCE, HOOKS)), 0);
        return writer.toByteArray();
    }
}
