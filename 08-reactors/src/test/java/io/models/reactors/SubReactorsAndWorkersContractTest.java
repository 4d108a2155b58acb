package io.models.reactors;

import io.models.common.testkit.ContractSuite;

/**
 * The shared contract, on 08-reactors with two reactors and two workers: connections spread over
 * two selector threads, each request's work on a pool, each reply handed back to its reactor.
 */
class SubReactorsAndWorkersContractTest extends ContractSuite {

    SubReactorsAndWorkersContractTest() {
        super(new ReactorsChapter(), "--reactors", "2", "--workers", "2");
    }
}
