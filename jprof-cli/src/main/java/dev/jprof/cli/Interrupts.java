package dev.jprof.cli;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/** Ctrl-C (SIGINT) and SIGTERM handled by jprof itself while it records, so the profile is still written. */
final class Interrupts {
    private final SignalHandler previousInt;
    private final SignalHandler previousTerm;

    private Interrupts(SignalHandler previousInt, SignalHandler previousTerm) {
        this.previousInt = previousInt;
        this.previousTerm = previousTerm;
    }

    static Interrupts onInterrupt(Runnable action) {
        SignalHandler handler = signal -> action.run();
        return new Interrupts(Signal.handle(new Signal("INT"), handler), Signal.handle(new Signal("TERM"), handler));
    }

    void restore() {
        Signal.handle(new Signal("INT"), previousInt);
        Signal.handle(new Signal("TERM"), previousTerm);
    }
}
