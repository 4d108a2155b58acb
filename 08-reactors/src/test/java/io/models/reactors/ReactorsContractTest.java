package io.models.reactors;

import io.models.common.server.EchoServer;
import io.models.common.server.ServerConfig;
import io.models.common.testkit.ContractSuite;

/** The shared contract over 08-reactors with its defaults: one reactor, no workers (06's shape). */
class ReactorsContractTest extends ContractSuite {

    @Override
    protected EchoServer newServer(ServerConfig config) {
        return new ReactorsServer(config, 1, 0, 0);
    }

    @Override
    protected Class<?> mainClass() {
        return Main.class;
    }
}
