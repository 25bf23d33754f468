package dev.jprof.cli;

import dev.jprof.render.text.OneLineText;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/** Turns every failure into one line on stderr and an exit code; a stack trace only with JPROF_DEBUG=1. */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parseResult) {
        if (System.getenv("JPROF_DEBUG") != null) e.printStackTrace();
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof OutOfMemoryError) return outOfMemory((OutOfMemoryError) cause);
        }
        if (e instanceof UserError) {
            cli.getErr().println("jprof: " + OneLineText.of(String.valueOf(e.getMessage())));
            return ((UserError) e).exitCode();
        }
        cli.getErr().println("jprof: " + OneLineText.of(describe(e))); // a file name may hold a line break
        return e instanceof IOException ? 2 : 70;
    }

    @Override
    public int handleParseException(CommandLine.ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        cli.getErr().println("jprof: " + e.getMessage());
        cli.getErr().println("Try '" + cli.getCommandSpec().qualifiedName() + " --help' for more information.");
        return 2;
    }

    /** jprof's own heap was too small for the work (a large recording, a large heap dump): one line that says how to give it more. */
    static int outOfMemory(OutOfMemoryError e) {
        if (System.getenv("JPROF_DEBUG") != null) e.printStackTrace();
        long maxMb = Runtime.getRuntime().maxMemory() >> 20;
        System.err.println("jprof: out of memory (" + OneLineText.of(String.valueOf(e.getMessage())) + "; jprof's heap is at most "
                + maxMb + " MB): give it more, for example JPROF_JAVA_OPTS=-Xmx" + Math.max(1, maxMb * 4 / 1024)
                + "g ./jprof ..., or java -Xmx... -jar jprof.jar ...");
        return 70;
    }

    static String describe(Throwable e) {
        if (e instanceof NoSuchFileException) return ((NoSuchFileException) e).getFile() + ": no such file";
        if (e instanceof AccessDeniedException) return ((AccessDeniedException) e).getFile() + ": permission denied";
        if (e instanceof FileSystemException) {
            FileSystemException fse = (FileSystemException) e;
            return fse.getFile() + ": " + (fse.getReason() == null ? "cannot access" : fse.getReason());
        }
        if (e instanceof IOException && e.getMessage() != null) return e.getMessage();
        String message = e.getMessage() == null ? "" : ": " + e.getMessage();
        return "internal error (" + e.getClass().getSimpleName() + message + "); run with JPROF_DEBUG=1 for details";
    }
}
