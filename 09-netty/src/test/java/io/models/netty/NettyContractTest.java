package io.models.netty;

import io.models.common.testkit.ContractSuite;

/**
 * The shared contract over 09-netty, once per transport, as Netty's own testsuite runs one test
 * body over every transport ({@code SocketEchoTest}, {@code EpollSocketEchoTest extends ...}). Every
 * hook keeps its default: on each transport the model meets all of it, and the cases that run the
 * main in a JVM of its own (SIGTERM, out of descriptors) run it with the same {@code --transport}.
 */
abstract class NettyContractTest extends ContractSuite {

    NettyContractTest(Transport transport) {
        super(new NettyChapter(), "--transport", transport.toString());
    }
}
