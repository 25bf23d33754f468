package dev.jprof.cli;

import dev.jprof.capture.attach.LocalJvms;
import dev.jprof.capture.attach.LocalJvms.LocalJvm;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "list", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"List the running JVMs jprof can look at: pid, main class or jar, Java version, uptime.",
                "Reads what the JVMs publish for jps; sends them nothing. A JVM jprof cannot attach to is listed with the reason."},
        footer = {"", "Examples:",
                "  jprof list",
                "  jprof list --args          (with each program's arguments)"})
public final class ListCommand implements Callable<Integer> {
    @Option(names = "--args", description = "Show each program's arguments after its main class.")
    boolean arguments;

    @Override
    public Integer call() {
        List<LocalJvm> jvms = LocalJvms.list();
        PrintWriter out = new PrintWriter(System.out, false);
        if (jvms.isEmpty()) {
            System.err.println("jprof: no other JVMs of this user are running (JVMs started with -XX:-UsePerfData are not listed)");
            return 0;
        }
        int width = Math.max(10, jvms.stream().mapToInt(j -> j.mainClass().length()).max().orElse(10));
        String row = "%8s  %-" + width + "s  %-8s  %9s  %s%n";
        out.printf(Locale.ROOT, row, "PID", "MAIN", "JAVA", "UPTIME", "ATTACH");
        for (LocalJvm jvm : jvms) {
            String main = jvm.mainClass().isEmpty() ? "?" : jvm.mainClass();
            out.printf(Locale.ROOT, row, jvm.pid(), main, jvm.javaVersion().isEmpty() ? "?" : jvm.javaVersion(),
                    uptime(jvm.uptime()), jvm.problem() == null ? "ok" : "no: " + jvm.problem());
            if (arguments && !jvm.arguments().isEmpty()) out.printf("%8s  %s%n", "", jvm.arguments());
        }
        out.flush();
        return 0;
    }

    static String uptime(Duration uptime) {
        if (uptime == null) return "?";
        long s = Math.max(0, uptime.toSeconds());
        if (s < 60) return s + "s";
        if (s < 3600) return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        if (s < 86400) return String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60);
        return String.format(Locale.ROOT, "%dd%02dh", s / 86400, s % 86400 / 3600);
    }
}
