package dev.jprof.capture.trace;

import com.sun.tools.attach.VirtualMachine;

/** The helper JVM of {@link Tracing}: loads jprof's agent into the JVM that asked (a JVM may not attach to itself). */
public final class SelfAttach {
    private SelfAttach() {
    }

    public static void main(String[] args) {
        try {
            VirtualMachine vm = VirtualMachine.attach(args[0]);
            try {
                vm.loadAgent(args[1], args[2]);
            } finally {
                vm.detach();
            }
        } catch (Exception e) {
            System.out.println(e.getClass().getSimpleName() + ": " + e.getMessage());
            System.exit(1);
        }
    }
}
