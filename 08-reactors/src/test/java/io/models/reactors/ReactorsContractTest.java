package io.models.reactors;

import io.models.common.testkit.ContractSuite;

/** The shared contract, on 08-reactors with its defaults: one reactor, no workers (06's shape). */
class ReactorsContractTest extends ContractSuite {

    ReactorsContractTest() {
        super(new ReactorsChapter());
    }
}
