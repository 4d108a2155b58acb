package io.models.blocking;

import io.models.common.server.EchoServer;
import io.models.common.server.ServerConfig;
import io.models.common.testkit.ContractSuite;

/**
 * The shared contract over 01-blocking. Its 100 "concurrent" clients all connect at once, but are
 * served one after another: each waits in the backlog until the one before it has closed.
 */
class BlockingContractTest extends ContractSuite {

    @Override
    protected EchoServer newServer(ServerConfig config) {
        return new BlockingServer(config);
    }

    /** One client at a time: while the slow reader is connected, nobody else is served. */
    @Override
    protected boolean servesManyAtOnce() {
        return false;
    }

    @Override
    protected Class<?> mainClass() {
        return Main.class;
    }
}
