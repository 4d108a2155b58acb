package io.models.reactors;

import io.models.common.server.EchoServer;
import io.models.common.server.ServerConfig;
import io.models.common.testkit.ContractSuite;
import java.util.List;

/**
 * The shared contract over 08-reactors with two reactors and two workers: connections spread over
 * two selector threads, each request's work on a pool, each reply handed back to its reactor.
 */
class SubReactorsAndWorkersContractTest extends ContractSuite {

    @Override
    protected EchoServer newServer(ServerConfig config) {
        return new ReactorsServer(config, 2, 2, 0);
    }

    @Override
    protected Class<?> mainClass() {
        return Main.class;
    }

    @Override
    protected List<String> mainArgs() {
        return List.of("--reactors", "2", "--workers", "2");
    }
}
