package io.models.nonblocking;

import io.models.common.testkit.ContractSuite;

/**
 * The shared contract over 03-nonblocking with {@code --idle-sleep-ms 5}: a pass that finds nothing
 * to do sleeps 5 ms. The idle-CPU checks then hold, including the one out of file descriptors with
 * some 240 connections open: every pass still reads each of them, and every wake-up costs tens of
 * microseconds, so at 1 ms the passes alone took 5-9% of a core on the 2-core test machine, up to
 * 13% under load; at 5 ms, 2-3%, and 5-7% with another core kept busy (the suite allows a quarter of
 * a core while out of descriptors, where a spinning accept takes a whole one).
 */
class IdleSleepContractTest extends ContractSuite {

    static final int IDLE_SLEEP_MS = 5;

    IdleSleepContractTest() {
        super(new NonBlockingChapter(), "--idle-sleep-ms", String.valueOf(IDLE_SLEEP_MS));
    }
}
