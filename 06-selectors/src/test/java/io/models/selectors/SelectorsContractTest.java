package io.models.selectors;

import io.models.common.testkit.ContractSuite;

/** The shared contract, on 06-selectors. */
class SelectorsContractTest extends ContractSuite {

    SelectorsContractTest() {
        super(new SelectorsChapter());
    }
}
