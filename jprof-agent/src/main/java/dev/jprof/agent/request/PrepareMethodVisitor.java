package dev.jprof.agent.request;

import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.commons.AdviceAdapter;

/** Connection.prepareStatement/prepareCall: the statement it returns is handed to {@link RequestHooks#prepared} with its SQL text. */
final class PrepareMethodVisitor extends AdviceAdapter {
    PrepareMethodVisitor(MethodVisitor next, int access, String name, String descriptor) {
        super(Opcodes.ASM9, next, access, name, descriptor);
    }

    @Override
    protected void onMethodExit(int opcode) {
        if (opcode != Opcodes.ARETURN) return;
        mv.visitInsn(Opcodes.DUP);
        mv.visitVarInsn(Opcodes.ALOAD, 1);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, RequestHooks.INTERNAL_NAME, "prepared", "(Ljava/lang/Object;Ljava/lang/String;)V", false);
    }
}
