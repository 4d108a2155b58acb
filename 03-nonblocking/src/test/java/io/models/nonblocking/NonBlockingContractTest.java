package io.models.nonblocking;

import io.models.common.server.EchoServer;
import io.models.common.server.ServerConfig;
import io.models.common.testkit.ContractSuite;

/** The shared contract over 03-nonblocking as the note writes it: polling flat out, no sleep. */
class NonBlockingContractTest extends ContractSuite {

    @Override
    protected EchoServer newServer(ServerConfig config) {
        return new NonBlockingServer(config, 0);
    }

    /**
     * Polling is this model: with nothing to do, the loop still calls accept() and read() over and
     * over, so an idle server burns a core (NonBlockingLessonTest measures it).
     */
    @Override
    protected boolean sleepsWhileIdle() {
        return false;
    }

    @Override
    protected Class<?> mainClass() {
        return Main.class;
    }
}
