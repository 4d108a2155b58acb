package io.models.select;

import io.models.common.server.EchoServer;
import io.models.common.server.ServerConfig;
import io.models.common.testkit.ContractSuite;
import java.util.List;

/** The shared contract over 04-select: no hook overridden, the poll(2) loop keeps all of it. */
class SelectContractTest extends ContractSuite {

    @Override
    protected EchoServer newServer(ServerConfig config) {
        return new SelectServer(config);
    }

    @Override
    protected Class<?> mainClass() {
        return Main.class;
    }

    /** The poll(2) selector provider is in a package java.base does not export. */
    @Override
    protected List<String> jvmArgs() {
        return List.of("--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED");
    }
}
