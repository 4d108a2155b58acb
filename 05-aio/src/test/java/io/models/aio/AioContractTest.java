package io.models.aio;

import io.models.common.testkit.ContractSuite;

/**
 * The shared contract, on 05-aio with its default group of 2 threads. No hook is overridden: the
 * group's threads are started by start(), so they are part of the baseline, and they sleep in
 * epoll_wait while no operation completes.
 */
class AioContractTest extends ContractSuite {

    AioContractTest() {
        super(new AioChapter());
    }
}
