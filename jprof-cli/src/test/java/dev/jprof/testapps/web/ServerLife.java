package dev.jprof.testapps.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * What every test server does around serving, from its arguments (seconds to run, then it exits; busy|quiet: a
 * background thread burning CPU all the time, or none): the database set up and the work warmed up before, then
 * "ready PID PORT" printed and the exit when the time is up. Meanwhile the lines "pause" and "burn" on its standard
 * input pause the background thread and let it burn again.
 */
final class ServerLife {
    private final long seconds;
    private final boolean busy;

    private ServerLife(long seconds, boolean busy) {
        this.seconds = seconds;
        this.busy = busy;
    }

    static ServerLife prepare(String[] args) throws Exception {
        ServerLife life = new ServerLife(Long.parseLong(args.length > 0 ? args[0] : "120"), args.length < 2 || args[1].equals("busy"));
        SqlWork.setUp();
        SplitWork.warmUp();
        if (life.busy) SplitWork.startBackground();
        return life;
    }

    /** Prints "ready PID PORT" and returns when the time is up. */
    void serve(int port) throws InterruptedException {
        Thread commands = new Thread(ServerLife::readCommands, "background-commands");
        commands.setDaemon(true);
        commands.start();
        System.out.println("ready " + ProcessHandle.current().pid() + " " + port);
        System.out.flush();
        Thread.sleep(seconds * 1000);
    }

    private static void readCommands() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.equals("pause") || line.equals("burn")) SplitWork.pauseBackground(line.equals("pause"));
            }
        } catch (IOException e) {
            // no more commands
        }
    }
}
