package io.tickstore.server.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code tickstore} command line: the root command and one small picocli command class per
 * subcommand. Adding a subcommand is one line: in {@link #commandLine} for the server's, in the
 * bench jar's {@code BenchMain} for the bench's. Every subcommand gets {@code --help}, errors that
 * name the option, and the same {@link ExitCodes}.
 */
public final class TickstoreCli {
    private TickstoreCli() {
    }

    /** The command line with the server's subcommands, then {@code more} (the bench jar's). */
    public static CommandLine commandLine(Object... more) {
        CommandLine cli = new CommandLine(new TickstoreCommand());
        cli.addSubcommand(new ServeCommand());
        cli.addSubcommand(new ImportCommand());
        cli.addSubcommand(new VerifyMirrorCommand());
        cli.addSubcommand(new LifecycleCommand());
        cli.addSubcommand(new BackupCommand());
        cli.addSubcommand(new RestoreCommand());
        for (Object command : more) {
            cli.addSubcommand(command);
        }
        for (CommandLine sub : cli.getSubcommands().values()) {
            sub.getCommandSpec().versionProvider(new TickstoreVersion()); // -V on any command
        }
        cli.setParameterExceptionHandler(TickstoreCli::badCommandLine);
        cli.setExecutionExceptionHandler((e, command, parsed) -> failed(e, command));
        return cli;
    }

    /** Runs {@code args} and returns the exit code. */
    public static int execute(String[] args, Object... more) {
        return commandLine(more).execute(args);
    }

    /** A bad command line: one line naming the problem (and a close match, if any), where help is; exit 2. */
    private static int badCommandLine(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println(command.getCommandSpec().qualifiedName() + ": " + e.getMessage());
        UnmatchedArgumentException.printSuggestions(e, err);
        err.println("See '" + command.getCommandSpec().qualifiedName() + " --help'.");
        err.flush();
        return ExitCodes.USAGE;
    }

    /** A run that failed: the reason on one line (a stack trace only for the unexpected); exit 1. */
    private static int failed(Exception e, CommandLine command) {
        PrintWriter err = command.getErr();
        String name = command.getCommandSpec().qualifiedName();
        if (e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
            err.println(name + ": " + e.getMessage());
        } else {
            err.println(name + ": failed");
            e.printStackTrace(err);
        }
        err.flush();
        return ExitCodes.FAILED;
    }
}
