package io.models.common;

import io.models.common.server.EchoServer;
import io.models.common.server.ServerConfig;
import io.models.common.testkit.ContractSuite;
import io.models.common.testkit.ReferenceServer;
import io.models.common.testkit.ReferenceServerMain;

/** The contract suite over the reference server: the suite itself is sound before any chapter uses it. */
class ReferenceServerContractTest extends ContractSuite {

    @Override
    protected EchoServer newServer(ServerConfig config) {
        return new ReferenceServer(config);
    }

    @Override
    protected Class<?> mainClass() {
        return ReferenceServerMain.class;
    }
}
