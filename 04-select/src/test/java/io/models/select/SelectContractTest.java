package io.models.select;

import io.models.common.EchoServer;
import io.models.common.ServerConfig;
import io.models.common.testkit.ContractSuite;

/** The shared contract over 04-select: no hook overridden, the poll(2) loop keeps all of it. */
class SelectContractTest extends ContractSuite {

    @Override
    protected EchoServer newServer(ServerConfig config) {
        return new SelectServer(config);
    }
}
