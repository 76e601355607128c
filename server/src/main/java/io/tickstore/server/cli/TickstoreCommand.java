package io.tickstore.server.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The root: {@code tickstore COMMAND [OPTIONS]}. Without a command, prints its usage to stderr (exit 2). */
@Command(name = "tickstore", mixinStandardHelpOptions = true, versionProvider = TickstoreVersion.class,
        synopsisSubcommandLabel = "COMMAND",
        header = "tickstore: a low-latency trading data store.",
        description = "Run 'tickstore COMMAND --help' for a command's options.",
        subcommands = HelpCommand.class,
        footerHeading = "%n",
        footer = {"Configuration (serve): defaults < --config FILE (key = value) < TICKSTORE_* environment variables;"
                + " see docs/configuration.md.",
            "Exit codes: 0 ok; 1 the run failed; 2 bad command line or configuration."})
final class TickstoreCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }
}
