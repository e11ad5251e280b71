package io.attnrec.cli;

import io.attnrec.core.data.DataFormatException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code attnrec} command. Exit codes: 0 success, 2 bad usage (picocli's default), 1 failure
 * with one sentence on stderr. Set {@code ATTNREC_DEBUG=1} to also see the stack trace.
 */
@Command(
        name = "attnrec",
        mixinStandardHelpOptions = true,
        version = "attnrec 0.1.0",
        description = "Attention-based sequential and multi-interest recommendation.",
        subcommands = {
            DemoCommand.class,
            SynthCommand.class,
            DataCommand.class,
            TrainCommand.class,
            UpdateCommand.class,
            EvaluateCommand.class,
            CompareCommand.class,
            RecommendCommand.class,
            ServeCommand.class,
            SparkCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code (tests call this instead of {@link #main}). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler(Main::handleFailure);
        return cli.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    private static int handleFailure(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        PrintWriter err = cli.getErr();
        err.println("attnrec: error: " + describe(e));
        if (System.getenv("ATTNREC_DEBUG") != null) {
            e.printStackTrace(err);
        }
        err.flush();
        return 1;
    }

    /** One sentence for the user: what went wrong, with the file and line where known. */
    static String describe(Throwable e) {
        Throwable t = e;
        while ((t instanceof UncheckedIOException || t.getClass() == RuntimeException.class) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof NoSuchFileException nsf) {
            return "no such file or directory: " + nsf.getFile();
        }
        if (t instanceof DataFormatException
                || t instanceof IllegalArgumentException
                || t instanceof IllegalStateException) {
            return t.getMessage();
        }
        if (t instanceof IOException) {
            return "I/O error: " + t.getMessage();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
