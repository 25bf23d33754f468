package dev.jprof.agent.trace;

import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.AdviceAdapter;

/**
 * One method's hooks: the enter hook at the start (in a constructor, after its super() or this() call),
 * which returns the thread's trace into a new local, the exit hook with that local before each return,
 * and a catch-all handler over the body that calls the exit hook the same way and rethrows, so a method
 * that exits by throwing is closed too. The handler's stack map frame (every slot unknown but the
 * trace's, a Throwable on the stack) is written here, so no class has to be loaded to compute frames.
 */
final class TracingMethodVisitor extends AdviceAdapter {
    private final int id;
    private final int classVersion;
    private final MethodRegistry registry;
    private final Hooks hooks;
    private final Label bodyStart = new Label();
    /** The local holding the thread's trace from enter to every exit. */
    private int trace;
    private boolean entered;

    TracingMethodVisitor(MethodVisitor next, int access, String name, String descriptor, int classVersion,
                         int id, MethodRegistry registry, Hooks hooks) {
        super(Opcodes.ASM9, next, access, name, descriptor);
        this.id = id;
        this.classVersion = classVersion;
        this.registry = registry;
        this.hooks = hooks;
    }

    @Override
    protected void onMethodEnter() {
        push(id);
        visitMethodInsn(Opcodes.INVOKESTATIC, hooks.owner, hooks.enter, "(I)" + hooks.trace.getDescriptor(), false);
        trace = newLocal(hooks.trace);
        storeLocal(trace);
        visitLabel(bodyStart);
        entered = true;
    }

    @Override
    protected void onMethodExit(int opcode) {
        if (opcode == Opcodes.ATHROW || !entered) return;
        callExit(mv);
    }

    private void callExit(MethodVisitor target) {
        target.visitVarInsn(Opcodes.ALOAD, trace);
        pushId(target);
        target.visitMethodInsn(Opcodes.INVOKESTATIC, hooks.owner, hooks.exit, "(" + hooks.trace.getDescriptor() + "I)V", false);
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
                // every other slot unknown: whatever the body stores in its slots is assignable to that
                Object[] locals = new Object[trace + 1];
                java.util.Arrays.fill(locals, Opcodes.TOP);
                locals[trace] = hooks.trace.getInternalName();
                mv.visitFrame(Opcodes.F_NEW, locals.length, locals, 1, new Object[] {"java/lang/Throwable"});
            }
            callExit(mv);
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

    /** Which static methods a method's code calls: {@code enter(int)} returning {@code trace}, {@code exit(trace, int)}. */
    static final class Hooks {
        final String owner;
        final String enter;
        final String exit;
        final Type trace;

        Hooks(String owner, String enter, String exit, Type trace) {
            this.owner = owner;
            this.enter = enter;
            this.exit = exit;
            this.trace = trace;
        }
    }
}
