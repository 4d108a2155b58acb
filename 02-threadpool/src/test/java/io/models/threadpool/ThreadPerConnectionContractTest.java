package io.models.threadpool;

import io.models.common.server.EchoServer;
import io.models.common.server.ServerConfig;
import io.models.common.testkit.ContractSuite;

/** The shared contract over 02-threadpool with a new thread per connection (the default). */
class ThreadPerConnectionContractTest extends ContractSuite {

    @Override
    protected EchoServer newServer(ServerConfig config) {
        return new ThreadPoolServer(config, 0);
    }

    @Override
    protected Class<?> mainClass() {
        return Main.class;
    }
}
