package dev.jprof.agent.trace;

import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.util.Map;

/** Adds the hooks to every method of a class the filter selects. */
final class TracingClassVisitor extends ClassVisitor {
    private final MethodFilter filter;
    private final MethodRegistry registry;
    private final AnnotationSet classAnnotations;
    private final Map<String, AnnotationSet> methodAnnotations;
    private final TracingMethodVisitor.Hooks hooks;
    private String className;
    private String internalName;
    private String sourceFile;
    private int version;
    private boolean isInterface;
    int traced;
    /** A JDK class: only explicit includes select its methods. */
    boolean jdk;

    TracingClassVisitor(ClassVisitor next, MethodFilter filter, MethodRegistry registry,
                        AnnotationSet classAnnotations, Map<String, AnnotationSet> methodAnnotations, TracingMethodVisitor.Hooks hooks) {
        super(Opcodes.ASM9, next);
        this.hooks = hooks;
        this.filter = filter;
        this.registry = registry;
        this.classAnnotations = classAnnotations;
        this.methodAnnotations = methodAnnotations;
    }

    @Override
    public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
        this.version = version & 0xFFFF;
        this.internalName = name;
        this.className = name.replace('/', '.');
        this.isInterface = (access & Opcodes.ACC_INTERFACE) != 0;
        super.visit(version, access, name, signature, superName, interfaces);
    }

    @Override
    public void visitSource(String source, String debug) {
        this.sourceFile = source;
        super.visitSource(source, debug);
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
        MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
        if ((access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE | Opcodes.ACC_BRIDGE)) != 0 || next == null) return next;
        AnnotationSet annotations = methodAnnotations.getOrDefault(name + descriptor, AnnotationSet.NONE);
        if (!filter.traces(className, jdk, name, classAnnotations, annotations)) return next;
        int id = registry.add(className, name, descriptor, sourceFile);
        if (filter.isRoot(className, name, classAnnotations, annotations)) Tracer.markRoot(id);
        traced++;
        return new TracingMethodVisitor(next, access, name, descriptor, version, id, registry, hooks);
    }
}
