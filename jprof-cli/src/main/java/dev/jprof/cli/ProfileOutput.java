package dev.jprof.cli;

import dev.jprof.output.OutputFile;
import dev.jprof.output.OutputFileException;
import dev.jprof.output.FlushOnClose;
import dev.jprof.capture.jfr.LockProfileReader;
import dev.jprof.model.Attributes;
import dev.jprof.model.Profile;
import dev.jprof.model.Unit;
import dev.jprof.render.Format;
import dev.jprof.render.RenderOptions;
import dev.jprof.render.Renderer;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Writes a profile the way the user asked: a format, a file or stdout, and a one-line summary. */
final class ProfileOutput {
    private final ViewOptions options;
    private final Format format;

    ProfileOutput(ViewOptions options) {
        this.options = options;
        this.format = options.format();
        options.view();
        options.renderOptions();
    }

    /** The same output for one of several processes: FILE-PID.ext. */
    ProfileOutput forProcess(String root) {
        return withSuffix(root.replaceAll("\\D", ""));
    }

    /** The same output for the allocations of a run that sampled threads too: FILE-alloc.ext. */
    ProfileOutput forAllocations() {
        return withSuffix("alloc");
    }

    /** The same output for the lock waits of a run that recorded something else too: FILE-lock.ext. */
    ProfileOutput forLocks() {
        return withSuffix("lock");
    }

    private ProfileOutput withSuffix(String suffix) {
        if (options.output == null) return this;
        String name = options.output.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String each = dot > 0 ? name.substring(0, dot) + "-" + suffix + name.substring(dot) : name + "-" + suffix;
        return new ProfileOutput(options.withOutput(options.output.resolveSibling(each)));
    }

    Format format() {
        return format;
    }

    /** Fails early, before anything is recorded, when the output cannot be written. */
    void checkWritable() throws OutputFileException {
        if (format == Format.JFR && options.output == null) {
            throw new UserError("jfr output needs a file: add -o FILE.jfr");
        }
        if (options.output != null) OutputFile.check(options.output);
    }

    /**
     * @param profile    what to show; not read (may be null) for jfr output, which copies the recordings
     * @param recordings the raw JFR files behind the profile, for jfr output (empty when the input was not JFR)
     * @param messages   where the summary goes (stderr when the report itself goes to stdout)
     */
    void write(Profile profile, List<Path> recordings, PrintStream messages) throws IOException {
        if (format == Format.JFR) {
            writeRecordings(recordings, messages);
            return;
        }
        Profile shown = options.view().apply(profile);
        RenderOptions render = options.renderOptions();
        Renderer renderer = Renderer.forFormat(format);
        if (options.output == null) {
            OutputStream out = new BufferedOutputStream(new FlushOnClose(System.out));
            renderer.render(shown, render, out);
            out.flush();
            return;
        }
        Path target = options.output;
        OutputFile.write(target, out -> renderer.render(shown, render, out));
        messages.println("jprof: wrote " + target + " (" + format.name().toLowerCase(Locale.ROOT) + "): " + summary(profile));
        for (String warning : profile.warnings()) messages.println("jprof: warning: " + warning);
    }

    private void writeRecordings(List<Path> recordings, PrintStream messages) throws IOException {
        if (recordings.isEmpty()) throw new UserError("jfr output needs a JFR recording as input");
        Path target = options.output;
        if (recordings.size() == 1) {
            OutputFile.copy(recordings.get(0), target);
            messages.println("jprof: wrote " + target + " (jfr)");
            return;
        }
        String name = target.getFileName().toString();
        String stem = name.endsWith(".jfr") ? name.substring(0, name.length() - 4) : name;
        for (Path recording : recordings) {
            String pid = recording.getFileName().toString().replace(".jfr", "");
            Path each = target.resolveSibling(stem + "-" + pid + ".jfr");
            OutputFile.copy(recording, each);
            messages.println("jprof: wrote " + each + " (jfr)");
        }
    }

    static String summary(Profile profile) {
        StringBuilder text = new StringBuilder();
        int samples = profile.valueTypeIndex("samples");
        int wait = profile.valueTypes().indexOf(LockProfileReader.WAIT);
        long count = samples >= 0 ? profile.total(samples) : profile.sampleCount();
        if (wait >= 0) {
            text.append(String.format(Locale.ROOT, "%,d waits, %s waited", profile.sampleCount(), Unit.NANOSECONDS.format(profile.total(wait))));
        } else {
            text.append(String.format(Locale.ROOT, "%,d samples", count));
        }
        String duration = profile.attribute(Attributes.DURATION_NANOS);
        if (duration != null) text.append(String.format(Locale.ROOT, " over %.2f s", Long.parseLong(duration) / 1e9));
        if (profile.attribute(Attributes.MODE) != null) text.append(", ").append(profile.attribute(Attributes.MODE)).append(" mode");
        if (profile.attribute(Attributes.ENGINE) != null) text.append(", engine ").append(profile.attribute(Attributes.ENGINE));
        if (profile.attribute(Attributes.ENGINE_CHOICE) != null) text.append(" (").append(profile.attribute(Attributes.ENGINE_CHOICE)).append(')');
        String rate = profile.attribute(Attributes.ACHIEVED_RATE);
        if (rate != null) text.append(", ").append(rate).append(" samples/s per running thread");
        return text.toString();
    }
}
