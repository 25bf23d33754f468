package dev.jprof.agent.trace;

import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.AdviceAdapter;

/**
 * One method's hooks: {@code Tracer.enter(id)} at the start (in a constructor, after its super() or
 * this() call), which returns the thread's trace into a new local, {@code Tracer.exit(trace, id)} before
 * each return, and a catch-all handler over the body that
 * calls {@code exit} and rethrows, so a method that exits by throwing is closed too. The handler's stack
 * map frame (no locals, a Throwable) is written here, so no class has to be loaded to compute frames.
 */
final class TracingMethodVisitor extends AdviceAdapter {
    private final int id;
    private final int classVersion;
    private final MethodRegistry registry;
    private static final Type THREAD_TRACE = Type.getObjectType("dev/jprof/agent/trace/ThreadTrace");
    private final Label bodyStart = new Label();
    /** The local holding the thread's trace from enter to the returns (the handler looks it up again). */
    private int trace;
    private boolean entered;

    TracingMethodVisitor(MethodVisitor next, int access, String name, String descriptor, int classVersion,
                         int id, MethodRegistry registry) {
        super(Opcodes.ASM9, next, access, name, descriptor);
        this.id = id;
        this.classVersion = classVersion;
        this.registry = registry;
    }

    @Override
    protected void onMethodEnter() {
        push(id);
        visitMethodInsn(Opcodes.INVOKESTATIC, Tracer.INTERNAL_NAME, "enter", "(I)" + THREAD_TRACE.getDescriptor(), false);
        trace = newLocal(THREAD_TRACE);
        storeLocal(trace);
        visitLabel(bodyStart);
        entered = true;
    }

    @Override
    protected void onMethodExit(int opcode) {
        if (opcode == Opcodes.ATHROW || !entered) return;
        loadLocal(trace);
        push(id);
        visitMethodInsn(Opcodes.INVOKESTATIC, Tracer.INTERNAL_NAME, "exit", "(" + THREAD_TRACE.getDescriptor() + "I)V", false);
    }

    @Override
    public void visitLineNumber(int line, Label start) {
        registry.line(id, line);
        super.visitLineNumber(line, start);
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
        if (entered) {
            // straight to the next visitor: the handler needs neither the constructor analysis nor local remapping
            Label handler = new Label();
            mv.visitTryCatchBlock(bodyStart, handler, handler, null);
            mv.visitLabel(handler);
            if (classVersion >= Opcodes.V1_6) {
                // no locals: any state in the body is assignable to it, whatever the body stores in its slots
                mv.visitFrame(Opcodes.F_NEW, 0, new Object[0], 1, new Object[] {"java/lang/Throwable"});
            }
            pushId(mv);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, Tracer.INTERNAL_NAME, "exit", "(I)V", false);
            mv.visitInsn(Opcodes.ATHROW);
        }
        super.visitMaxs(maxStack, maxLocals);
    }

    private void pushId(MethodVisitor target) {
        if (id <= 5) target.visitInsn(Opcodes.ICONST_0 + id);
        else if (id <= Byte.MAX_VALUE) target.visitIntInsn(Opcodes.BIPUSH, id);
        else if (id <= Short.MAX_VALUE) target.visitIntInsn(Opcodes.SIPUSH, id);
        else target.visitLdcInsn(id);
    }
}
