package io.models.common.testkit;

/** The contract suite against the reference model: the suite itself works (each chapter then reuses it). */
class ReferenceContractTest extends ContractSuite {

    ReferenceContractTest() {
        super(new ReferenceChapter());
    }
}
