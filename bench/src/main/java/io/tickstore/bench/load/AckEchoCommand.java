package io.tickstore.bench.load;

import io.tickstore.server.cli.OptionCheck;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tickstore ack-echo}: runs an {@link AckEchoServer} until the process is stopped. */
@Command(name = "ack-echo", mixinStandardHelpOptions = true,
        header = "An ingest endpoint that only acks: the baseline for 'tickstore load'.",
        description = {"Answers every frame on ws://127.0.0.1:PORT/ws/ingest at once with an ok ack (no parsing,"
            + " journal or store): run 'tickstore load' against it for the floor this machine and the generator"
            + " leave."},
        footerHeading = "%n",
        footer = "Stop it with Ctrl-C. Exit codes: 2 bad options.")
public final class AckEchoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080",
            description = "Port on 127.0.0.1 (default ${DEFAULT-VALUE}; 0 = a free one).")
    int port;

    @Override
    public Integer call() throws InterruptedException {
        AckEchoServer server = AckEchoServer.start(OptionCheck.within(spec, "--port", port, 0, 65535));
        spec.commandLine().getOut().println("tickstore ack-echo: ws://127.0.0.1:" + server.port()
                + "/ws/ingest (stop with Ctrl-C)");
        spec.commandLine().getOut().flush();
        new CountDownLatch(1).await();
        return 0;
    }
}
