package io.models.netty;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeAll;

/** The contract on the epoll transport; skipped, with the reason, where it cannot start. */
class EpollContractTest extends NettyContractTest {

    EpollContractTest() {
        super(Transport.EPOLL);
    }

    @BeforeAll
    static void available() {
        assumeTrue(Transport.EPOLL.isAvailable(),
                () -> "epoll cannot start here: " + NettyChapter.oneLine(Transport.EPOLL.unavailabilityCause()));
    }
}
