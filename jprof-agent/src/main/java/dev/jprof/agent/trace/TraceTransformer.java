package dev.jprof.agent.trace;

import dev.jprof.agent.AgentLog;

import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Instruments the classes the filter selects as they load (or are retransformed). A class it cannot
 * handle is left as it was, with one line on stderr.
 */
final class TraceTransformer implements ClassFileTransformer {
    private static final org.objectweb.asm.Type OBJECT = org.objectweb.asm.Type.getType(Object.class);
    private static final org.objectweb.asm.Type THREAD_TRACE = org.objectweb.asm.Type.getObjectType("dev/jprof/agent/trace/ThreadTrace");
    private final MethodFilter filter;
    private final MethodRegistry registry;
    private final Map<ClassLoader, Boolean> seesHooks = new WeakHashMap<>();
    /** Names of the classes instrumented, to give them their code back at the end of an attached run. */
    final Set<String> instrumented = ConcurrentHashMap.newKeySet();
    private volatile boolean active = true;
    private volatile boolean jdk;

    TraceTransformer(MethodFilter filter, MethodRegistry registry) {
        this.filter = filter;
        this.registry = registry;
    }

    void deactivate() {
        active = false;
    }

    /** From now on JDK classes the filter names are instrumented too, with hooks through {@link BootHooks}. */
    void traceJdk() {
        jdk = true;
    }

    @Override
    public byte[] transform(ClassLoader loader, String name, Class<?> redefined, ProtectionDomain domain, byte[] bytes) {
        if (!active || name == null) return null;
        boolean fromJdk = loader == null || loader == ClassLoader.getPlatformClassLoader();
        if (fromJdk && !jdk) return null;
        String className = name.replace('/', '.');
        if (!filter.mayTrace(className, fromJdk) || !fromJdk && !seesHooks(loader)) return null;
        // jprof's own work: JDK methods it calls here do not count
        ThreadTrace paused = jdk ? Tracer.pause() : null;
        try {
            byte[] traced = instrument(bytes, className, fromJdk);
            if (traced != null) instrumented.add(className);
            return traced;
        } catch (Throwable t) {
            AgentLog.line("left " + className + " untraced: " + AgentLog.describe(t));
            return null;
        } finally {
            Tracer.resume(paused);
        }
    }

    byte[] instrument(byte[] bytes, String className) {
        return instrument(bytes, className, false);
    }

    /** The class with its selected methods traced, or null when none is selected. */
    byte[] instrument(byte[] bytes, String className, boolean fromJdk) {
        ClassReader reader = new ClassReader(bytes);
        AnnotationSet classAnnotations = new AnnotationSet();
        Map<String, AnnotationSet> methodAnnotations = new HashMap<>();
        if (filter.needsAnnotations()) reader.accept(new AnnotationScan(classAnnotations, methodAnnotations), ClassReader.SKIP_CODE);
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        TracingMethodVisitor.Hooks hooks;
        if (fromJdk) {
            hooks = new TracingMethodVisitor.Hooks(BootHooks.HOOKS, "enter", "exit", OBJECT);
        } else {
            String[] names = Tracer.hookNames();
            hooks = new TracingMethodVisitor.Hooks(Tracer.INTERNAL_NAME, names[0], names[1], THREAD_TRACE);
        }
        TracingClassVisitor visitor = new TracingClassVisitor(writer, filter, registry, classAnnotations, methodAnnotations, hooks);
        visitor.jdk = fromJdk;
        reader.accept(visitor, ClassReader.EXPAND_FRAMES);
        if (visitor.traced == 0) return null;
        return writer.toByteArray();
    }

    /** Whether classes of this loader can link to {@link Tracer}: the application's loaders, not isolated ones. */
    private boolean seesHooks(ClassLoader loader) {
        if (loader == ClassLoader.getSystemClassLoader()) return true;
        if (loader == ClassLoader.getPlatformClassLoader()) return false;
        synchronized (seesHooks) {
            Boolean sees = seesHooks.get(loader);
            if (sees != null) return sees;
        }
        boolean sees;
        try {
            sees = Class.forName(Tracer.class.getName(), false, loader) == Tracer.class;
        } catch (Throwable t) {
            sees = false;
        }
        if (!sees) AgentLog.line("classes of loader " + loader + " cannot see jprof's hooks; they stay untraced");
        synchronized (seesHooks) {
            seesHooks.put(loader, sees);
        }
        return sees;
    }

    private static final class AnnotationScan extends ClassVisitor {
        private final AnnotationSet classAnnotations;
        private final Map<String, AnnotationSet> methodAnnotations;

        AnnotationScan(AnnotationSet classAnnotations, Map<String, AnnotationSet> methodAnnotations) {
            super(Opcodes.ASM9);
            this.classAnnotations = classAnnotations;
            this.methodAnnotations = methodAnnotations;
        }

        @Override
        public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
            classAnnotations.add(descriptor);
            return null;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            AnnotationSet set = new AnnotationSet();
            methodAnnotations.put(name + descriptor, set);
            return new MethodVisitor(Opcodes.ASM9) {
                @Override
                public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
                    set.add(annotation);
                    return null;
                }
            };
        }
    }
}
