package io.models.nonblocking;

import io.models.common.EchoServer;
import io.models.common.ServerConfig;
import io.models.common.testkit.ContractSuite;
import java.util.List;

/**
 * The shared contract over 03-nonblocking with {@code --idle-sleep-ms 1}: a pass that finds nothing
 * to do sleeps 1 ms. The loop then costs a few microseconds per millisecond while idle, so it
 * passes the idle-CPU check that the flat-out poller cannot, and every other case as well.
 */
class IdleSleepContractTest extends ContractSuite {

    @Override
    protected EchoServer newServer(ServerConfig config) {
        return new NonBlockingServer(config, 1);
    }

    @Override
    protected Class<?> mainClass() {
        return Main.class;
    }

    @Override
    protected List<String> mainArgs() {
        return List.of("--idle-sleep-ms", "1");
    }
}
