package dev.jprof.top;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The controlling terminal in full-screen mode, the way top and py-spy use it: keys are read one at a
 * time without echo ({@code stty -icanon -echo} on /dev/tty, Ctrl-C still interrupts), the screen is
 * the terminal's alternate screen, redrawn in place with ANSI sequences. {@link #close} puts everything
 * back (saved stty settings, main screen, cursor); it runs at most once, also from a shutdown hook.
 * Plain ANSI and stty only, so it works in any terminal, over ssh too.
 */
final class Terminal implements AutoCloseable {
    private static final Path TTY = Path.of("/dev/tty");
    private static final String ALTERNATE_SCREEN = "\033[?1049h";
    private static final String MAIN_SCREEN = "\033[?1049l";
    private static final String HIDE_CURSOR = "\033[?25l";
    private static final String SHOW_CURSOR = "\033[?25h";

    private final PrintStream out;
    private final String savedSettings;
    private final BlockingQueue<Integer> keys = new LinkedBlockingQueue<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private Terminal(PrintStream out, String savedSettings) {
        this.out = out;
        this.savedSettings = savedSettings;
    }

    /** Whether standard output is a terminal (else top prints plain tables). */
    static boolean isStdoutTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/1")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException e) {
            return System.console() != null;
        }
    }

    /** Switches the terminal to full-screen key-by-key mode; null when there is no usable terminal. */
    static Terminal open(PrintStream out) {
        if (!Files.isReadable(TTY)) return null;
        String saved;
        try {
            saved = stty("-g").strip();
            stty("-icanon", "-echo", "min", "1", "time", "0");
        } catch (IOException e) {
            return null;
        }
        Terminal terminal = new Terminal(out, saved);
        terminal.startKeyReader();
        out.print(ALTERNATE_SCREEN + HIDE_CURSOR);
        out.flush();
        return terminal;
    }

    private void startKeyReader() {
        Thread reader = new Thread(() -> {
            try (InputStream in = new FileInputStream(TTY.toFile())) {
                int key;
                while (!closed.get() && (key = in.read()) >= 0) keys.add(key);
            } catch (IOException e) {
                // terminal gone
            }
        }, "jprof-keys");
        reader.setDaemon(true);
        reader.start();
    }

    /** The next key pressed within {@code millis}, or -1. */
    int nextKey(long millis) throws InterruptedException {
        Integer key = keys.poll(Math.max(0, millis), TimeUnit.MILLISECONDS);
        return key == null ? -1 : key;
    }

    /** Rows and columns, or 24x80 when the terminal does not say. */
    int[] size() {
        try {
            String[] parts = stty("size").strip().split("\\s+");
            int rows = Integer.parseInt(parts[0]);
            int cols = Integer.parseInt(parts[1]);
            if (rows > 0 && cols > 0) return new int[]{rows, cols};
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return new int[]{24, 80};
    }

    /** Replaces the screen's content with these lines, cut to the screen. */
    void draw(List<String> lines, int rows, int cols) {
        StringBuilder screen = new StringBuilder("\033[H");
        for (int i = 0; i < Math.min(lines.size(), rows); i++) {
            String line = lines.get(i);
            if (line.length() > cols) line = line.substring(0, cols);
            screen.append(line).append("\033[K");
            if (i < Math.min(lines.size(), rows) - 1) screen.append("\r\n");
        }
        screen.append("\033[J");
        out.print(screen);
        out.flush();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        out.print(SHOW_CURSOR + MAIN_SCREEN);
        out.flush();
        try {
            stty(savedSettings);
        } catch (IOException e) {
            try {
                stty("sane");
            } catch (IOException again) {
                // no terminal left to restore
            }
        }
    }

    private static String stty(String... args) throws IOException {
        String[] command = new String[args.length + 1];
        command[0] = "stty";
        System.arraycopy(args, 0, command, 1, args.length);
        Process process = new ProcessBuilder(command).redirectInput(new File(TTY.toString()))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(5, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException("stty " + String.join(" ", args) + " failed");
            }
            return output;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
