package dev.jprof.cli;

import dev.jprof.capture.Mode;
import dev.jprof.capture.SamplingSettings;
import dev.jprof.capture.jfr.JfrProfileReader;
import dev.jprof.capture.engine.EngineChoice;
import dev.jprof.capture.launch.LaunchRecorder;
import dev.jprof.capture.launch.LaunchResult;
import dev.jprof.model.Attributes;
import dev.jprof.model.Profile;
import dev.jprof.render.RenderOptions;
import dev.jprof.render.Renderer;
import dev.jprof.render.Format;
import dev.jprof.transform.View;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.concurrent.Callable;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Profile a bundled program whose split of time is known, write a flame graph and print the table.",
                "The program spends about 50% of its CPU in DemoProgram.parse, 30% in DemoProgram.render and 20% in DemoProgram.compress."},
        footer = {"", "Example:", "  jprof demo && open demo.html"})
public final class DemoCommand implements Callable<Integer> {
    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Flame graph to write (default ${DEFAULT-VALUE}).")
    Path output = Path.of("demo.html");

    @Option(names = {"-m", "--mode"}, paramLabel = "MODE", defaultValue = "cpu", description = "cpu (default) or wall.")
    String mode;

    @Override
    public Integer call() throws Exception {
        SamplingSettings settings;
        try {
            settings = new SamplingSettings(Mode.parse(mode), SamplingSettings.DEFAULT_INTERVAL);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        ViewOptions html = new ViewOptions().withOutput(output);
        html.format = "html";
        ProfileOutput out = new ProfileOutput(html);
        out.checkWritable();
        Path work = WorkDir.create();
        try {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> command = List.of(java, "-cp", ownJar(), "dev.jprof.demo.DemoProgram");
            EngineChoice choice = EngineChoice.choose(EngineChoice.AUTO, settings);
            if (choice.fallback() != null) System.err.println("jprof: warning: " + choice.fallback());
            LaunchResult result = new LaunchRecorder(choice.engine(), settings, work).run(command);
            if (result.recordings().isEmpty()) throw new UserError("the demo program did not run (exit code " + result.exitCode() + ")");
            Profile profile = JfrProfileReader.read(result.recordings().get(0))
                    .annotate(Map.of(Attributes.TITLE, "jprof demo (" + settings.mode().label() + ")",
                            Attributes.TARGET, "dev.jprof.demo.DemoProgram", Attributes.ENGINE_CHOICE, choice.reason()), List.of());
            out.write(profile, result.recordings(), System.out);
            System.out.println();
            RenderOptions table = new RenderOptions(null, null, RenderOptions.Sort.TOTAL, 12, false, 0.5);
            OutputStream stdout = new BufferedOutputStream(System.out);
            System.out.println("The main thread, whose split is printed above (the flame graph has every thread):");
            Renderer.forFormat(Format.TABLE).render(View.defaults().withThreadFilter(Pattern.compile("^main$")).apply(profile), table, stdout);
            stdout.flush();
            System.out.println();
            System.out.println("Open " + output.toAbsolutePath() + " in a browser to explore the flame graph.");
            return result.exitCode();
        } finally {
            WorkDir.delete(work);
        }
    }

    private static String ownJar() throws URISyntaxException {
        return Path.of(DemoCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
