package dev.jprof.agent.request;

import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.AdviceAdapter;

/**
 * A request entry point or a JDBC execute method: an enter hook of {@link RequestHooks} at the start,
 * returning a token into a new local, and {@code exit(token)} (or {@code sqlExit}) on every way out,
 * returning or throwing (a catch-all handler that calls it and rethrows, as the tracer does).
 */
final class HookedMethodVisitor extends AdviceAdapter {
    enum Kind {
        SERVLET_JAKARTA, SERVLET_JAVAX, EXCHANGE, SQL_TEXT, SQL_PREPARED
    }

    private static final Type OBJECT = Type.getType(Object.class);
    private final Kind kind;
    private final int classVersion;
    private final boolean isStatic;
    private final Label bodyStart = new Label();
    private int token;
    private boolean entered;

    HookedMethodVisitor(MethodVisitor next, int access, String name, String descriptor, int classVersion, Kind kind) {
        super(Opcodes.ASM9, next, access, name, descriptor);
        this.kind = kind;
        this.classVersion = classVersion;
        this.isStatic = (access & Opcodes.ACC_STATIC) != 0;
    }

    @Override
    protected void onMethodEnter() {
        int first = isStatic ? 0 : 1;
        switch (kind) {
            case SERVLET_JAKARTA:
            case SERVLET_JAVAX:
                mv.visitVarInsn(Opcodes.ALOAD, first);
                mv.visitVarInsn(Opcodes.ALOAD, first + 1);
                mv.visitInsn(kind == Kind.SERVLET_JAKARTA ? Opcodes.ICONST_0 : Opcodes.ICONST_1);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, RequestHooks.INTERNAL_NAME, "enterServlet",
                        "(Ljava/lang/Object;Ljava/lang/Object;I)Ljava/lang/Object;", false);
                break;
            case EXCHANGE:
                mv.visitVarInsn(Opcodes.ALOAD, first);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, RequestHooks.INTERNAL_NAME, "enterExchange", "(Ljava/lang/Object;)Ljava/lang/Object;", false);
                break;
            case SQL_TEXT:
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitVarInsn(Opcodes.ALOAD, 1);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, RequestHooks.INTERNAL_NAME, "sqlEnter", "(Ljava/lang/Object;Ljava/lang/String;)Ljava/lang/Object;", false);
                break;
            default:
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitInsn(Opcodes.ACONST_NULL);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, RequestHooks.INTERNAL_NAME, "sqlEnter", "(Ljava/lang/Object;Ljava/lang/String;)Ljava/lang/Object;", false);
        }
        token = newLocal(OBJECT);
        storeLocal(token);
        visitLabel(bodyStart);
        entered = true;
    }

    @Override
    protected void onMethodExit(int opcode) {
        if (opcode == Opcodes.ATHROW || !entered) return;
        callExit();
    }

    private void callExit() {
        mv.visitVarInsn(Opcodes.ALOAD, token);
        boolean sql = kind == Kind.SQL_TEXT || kind == Kind.SQL_PREPARED;
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, RequestHooks.INTERNAL_NAME, sql ? "sqlExit" : "exit", "(Ljava/lang/Object;)V", false);
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
        if (entered) {
            Label handler = new Label();
            mv.visitTryCatchBlock(bodyStart, handler, handler, null);
            mv.visitLabel(handler);
            if (classVersion >= Opcodes.V1_6) {
                Object[] locals = new Object[token + 1];
                java.util.Arrays.fill(locals, Opcodes.TOP);
                locals[token] = OBJECT.getInternalName();
                mv.visitFrame(Opcodes.F_NEW, locals.length, locals, 1, new Object[] {"java/lang/Throwable"});
            }
            callExit();
            mv.visitInsn(Opcodes.ATHROW);
        }
        super.visitMaxs(maxStack, maxLocals);
    }
}
