package io.models.netty;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeAll;

/** The contract on the io_uring transport; skipped, with the reason, where it cannot start. */
class IoUringContractTest extends NettyContractTest {

    IoUringContractTest() {
        super(Transport.IO_URING);
    }

    @BeforeAll
    static void available() {
        assumeTrue(Transport.IO_URING.isAvailable(),
                () -> "io_uring cannot start here: " + NettyChapter.oneLine(Transport.IO_URING.unavailabilityCause()));
    }
}
