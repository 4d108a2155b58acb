package io.models.selectors;

import io.models.common.server.EchoServer;
import io.models.common.server.ServerConfig;
import io.models.common.testkit.ContractSuite;

/** The shared contract over 06-selectors; every hook keeps its default: the model meets all of it. */
class SelectorsContractTest extends ContractSuite {

    @Override
    protected EchoServer newServer(ServerConfig config) {
        return new SelectorsServer(config);
    }

    @Override
    protected Class<?> mainClass() {
        return Main.class;
    }
}
