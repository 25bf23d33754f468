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
