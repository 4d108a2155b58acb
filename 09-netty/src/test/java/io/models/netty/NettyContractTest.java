package io.models.netty;

import io.models.common.server.EchoServer;
import io.models.common.server.ServerConfig;
import io.models.common.testkit.ContractSuite;
import java.util.List;

/**
 * The shared contract over 09-netty, once per transport, as Netty's own testsuite runs one test
 * body over every transport ({@code SocketEchoTest}, {@code EpollSocketEchoTest extends ...}). Every
 * hook keeps its default: on each transport the model meets all of it.
 */
abstract class NettyContractTest extends ContractSuite {

    /** The transport the subclass runs the contract on. */
    abstract Transport transport();

    @Override
    protected EchoServer newServer(ServerConfig config) {
        return new NettyServer(config, transport(), Runtime.getRuntime().availableProcessors());
    }

    @Override
    protected Class<?> mainClass() {
        return Main.class;
    }

    /** Netty loads its native libraries: say the child JVM may, or JDK 22+ prints four WARNING lines first. */
    @Override
    protected List<String> jvmArgs() {
        return List.of("--enable-native-access=ALL-UNNAMED");
    }

    /** The cases that run the main in a JVM of its own (SIGTERM, out of descriptors) run the same transport. */
    @Override
    protected List<String> mainArgs() {
        return List.of("--transport", transport().flag());
    }
}
