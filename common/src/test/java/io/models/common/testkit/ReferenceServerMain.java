package io.models.common.testkit;

import io.models.common.cli.Cli;
import io.models.common.cli.ServerLauncher;
import io.models.common.cli.ServerOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The reference server's main, for the contract cases that run a server in a JVM of its own. */
@Command(name = "reference", mixinStandardHelpOptions = true)
public final class ReferenceServerMain implements Callable<Integer> {

    @Mixin
    ServerOptions server = new ServerOptions(0);

    @Override
    public Integer call() {
        return ServerLauncher.serve(new ReferenceServer(server.config()), server.config(), "reference server");
    }

    public static void main(String[] args) {
        System.exit(Cli.execute(new ReferenceServerMain(), args));
    }
}
