package io.tickstore.bench;

import io.tickstore.server.cli.TickstoreCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** A {@code tickstore} command run through the real command line, its output captured. */
public record CommandRun(int exitCode, String out, String err) {

    /** Runs {@code tickstore <command's name> ARGS} with {@code command} registered as the bench jar does. */
    public static CommandRun of(Object command, String... args) {
        CommandLine cli = TickstoreCli.commandLine(command);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        List<String> line = new ArrayList<>();
        // The name from the annotation: a second CommandLine on the command would re-inject its spec.
        line.add(command.getClass().getAnnotation(CommandLine.Command.class).name());
        line.addAll(List.of(args));
        int code = cli.execute(line.toArray(String[]::new));
        return new CommandRun(code, out.toString(), err.toString());
    }

    /** Parses {@code args} into {@code command} (its options not yet checked) and returns it. */
    public static <T> T parsed(T command, String... args) {
        new CommandLine(command).parseArgs(args);
        return command;
    }
}
