package io.models.select;

import io.models.common.testkit.ContractSuite;

/** The shared contract, on 04-select: no hook overridden, the poll(2) loop keeps all of it. */
class SelectContractTest extends ContractSuite {

    SelectContractTest() {
        super(new SelectChapter());
    }
}
