package io.models.blocking;

import io.models.common.testkit.ContractSuite;

/** The shared contract, on 01-blocking. What it serves one client at a time excuses, its descriptor says. */
class BlockingContractTest extends ContractSuite {

    BlockingContractTest() {
        super(new BlockingChapter());
    }
}
