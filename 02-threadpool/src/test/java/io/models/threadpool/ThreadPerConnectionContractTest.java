package io.models.threadpool;

import io.models.common.testkit.ContractSuite;

/** The shared contract over 02-threadpool with a new thread per connection (the default). */
class ThreadPerConnectionContractTest extends ContractSuite {

    ThreadPerConnectionContractTest() {
        super(new ThreadPoolChapter());
    }
}
