package io.models.virtualthreads;

import io.models.common.testkit.ContractSuite;

/**
 * The shared contract over 07-virtual-threads, every hook at its default. Its thread counts see the
 * acceptor only: virtual threads are not in {@code Thread.getAllStackTraces()}.
 * {@link VirtualThreadsLessonTest} counts them from a thread dump, which does list them.
 */
class VirtualThreadsContractTest extends ContractSuite {

    VirtualThreadsContractTest() {
        super(new VirtualThreadsChapter());
    }
}
