package dev.jprof.capture.launch;

import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * jprof's handling of SIGINT and SIGTERM while a launched program runs: instead of dying (and leaving
 * the program's recordings behind), jprof passes the signal on and keeps waiting.
 *
 * <ul>
 *   <li>SIGTERM goes to the program, and for a script also to every process it started (a script's
 *       shell may die at once and leave its JVMs running). jprof then waits for all of them.</li>
 *   <li>SIGINT from a terminal's Ctrl-C reaches every process of the foreground process group, the
 *       program included: jprof does not send a second one (a second SIGINT can make a program stop
 *       without its cleanup). Only when jprof is not in the terminal's foreground group (a SIGINT sent
 *       to jprof alone, by a CI runner or {@code kill -INT}) is it passed on like SIGTERM.</li>
 * </ul>
 * The JVM's own handlers come back once the program has ended.
 */
final class SignalForwarder {
    private final Process process;
    private final boolean descendantsToo;
    private final Set<ProcessHandle> signalled = new LinkedHashSet<>();
    private SignalHandler previousInt;
    private SignalHandler previousTerm;

    private SignalForwarder(Process process, boolean descendantsToo) {
        this.process = process;
        this.descendantsToo = descendantsToo;
    }

    static SignalForwarder install(Process process, boolean descendantsToo) {
        SignalForwarder forwarder = new SignalForwarder(process, descendantsToo);
        forwarder.previousInt = handle("INT", forwarder::onInt);
        forwarder.previousTerm = handle("TERM", forwarder::onTerm);
        return forwarder;
    }

    private static SignalHandler handle(String name, SignalHandler handler) {
        try {
            return Signal.handle(new Signal(name), handler);
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // the signal is ignored (a background job's SIGINT) or reserved: leave it as it is
            return null;
        }
    }

    void restore() {
        restore("INT", previousInt);
        restore("TERM", previousTerm);
    }

    private static void restore(String name, SignalHandler previous) {
        if (previous == null) return;
        try {
            Signal.handle(new Signal(name), previous);
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // cannot happen: it was ours
        }
    }

    private void onTerm(Signal signal) {
        forward("TERM");
    }

    private void onInt(Signal signal) {
        if (inTerminalForeground()) return; // the program got it from the terminal too
        forward("INT");
    }

    private synchronized void forward(String name) {
        List<ProcessHandle> targets = new ArrayList<>();
        targets.add(process.toHandle());
        if (descendantsToo) process.descendants().forEach(targets::add);
        List<String> kill = new ArrayList<>(List.of("kill", "-s", name));
        for (ProcessHandle target : targets) {
            if (!target.isAlive()) continue;
            signalled.add(target);
            kill.add(Long.toString(target.pid()));
        }
        if (kill.size() == 3) return;
        if (name.equals("TERM") && !descendantsToo) {
            process.destroy(); // SIGTERM without a helper process
            return;
        }
        try {
            Process helper = new ProcessBuilder(kill).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            helper.waitFor();
        } catch (IOException e) {
            if (name.equals("TERM")) for (ProcessHandle target : targets) target.destroy();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** After the program ended: waits for the other processes a signal was passed to (its JVMs writing their recordings). */
    void awaitSignalled(long maxMillis) {
        List<ProcessHandle> others;
        synchronized (this) {
            others = new ArrayList<>(signalled);
        }
        long deadline = System.nanoTime() + maxMillis * 1_000_000;
        for (ProcessHandle handle : others) {
            if (handle.pid() == process.pid()) continue;
            LaunchRecorder.awaitExit(handle, deadline);
        }
    }

    /**
     * Whether jprof is in the foreground process group of its controlling terminal, so that a Ctrl-C
     * there signalled the whole group. Reads /proc/self/stat (Linux); elsewhere assumes yes when there is
     * a console.
     */
    static boolean inTerminalForeground() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"), StandardCharsets.US_ASCII);
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            // state ppid pgrp session tty_nr tpgid
            long pgrp = Long.parseLong(fields[2]);
            long ttyNr = Long.parseLong(fields[4]);
            long tpgid = Long.parseLong(fields[5]);
            return ttyNr != 0 && tpgid == pgrp;
        } catch (IOException | RuntimeException e) {
            return System.console() != null;
        }
    }
}
