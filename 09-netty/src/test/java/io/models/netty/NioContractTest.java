package io.models.netty;

/** The contract on the nio transport: the JDK's Selector under Netty. It starts everywhere. */
class NioContractTest extends NettyContractTest {

    NioContractTest() {
        super(Transport.NIO);
    }
}
