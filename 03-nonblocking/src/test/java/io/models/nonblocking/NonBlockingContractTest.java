package io.models.nonblocking;

import io.models.common.testkit.ContractSuite;

/**
 * The shared contract over 03-nonblocking as the note writes it: polling flat out, no sleep. Polling
 * is this model: with nothing to do, the loop still calls accept() and read() over and over, so an
 * idle server burns a core (NonBlockingLessonTest measures it); the descriptor says so
 * ({@code POLLS_WHILE_IDLE}), and the suite leaves out its idle-CPU checks.
 */
class NonBlockingContractTest extends ContractSuite {

    NonBlockingContractTest() {
        super(new NonBlockingChapter());
    }
}
