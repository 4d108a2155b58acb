package io.models.threadpool;

import io.models.common.testkit.ContractSuite;

/**
 * The shared contract over 02-threadpool with {@code --pool 8}. The 100 concurrent clients are all
 * accepted at once; 8 are served at a time and the rest wait in the pool's queue.
 */
class FixedPoolContractTest extends ContractSuite {

    static final int POOL = 8;

    FixedPoolContractTest() {
        super(new ThreadPoolChapter(), "--pool", String.valueOf(POOL));
    }

    @Override
    protected int servedAtOnce() {
        return POOL;
    }

    /** A pool keeps the threads it has started: the acceptor plus up to POOL workers. */
    @Override
    protected int idleThreadCeiling(int baseline) {
        return 1 + POOL;
    }
}
