package io.models.common.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CountersTest {

    @Test
    void pendingIsInMinusOutMinusDropped() {
        Counters stats = new Counters();
        stats.accepted();
        stats.read(100);
        stats.written(60);
        assertThat(stats.snapshot().bytesPending()).isEqualTo(40);
        stats.dropped(40);
        stats.closed(true);
        Stats s = stats.snapshot();
        assertThat(s.bytesPending()).isZero();
        assertThat(s.active()).isZero();
        assertThat(s.resets()).isEqualTo(1);
    }

    /** A server that counts a byte out twice must not look healthy: the over-count shows. */
    @Test
    void anOverCountShowsAsANegativePending() {
        Counters stats = new Counters();
        stats.read(10);
        stats.written(10);
        stats.written(5); // counted twice
        assertThat(stats.snapshot().bytesPending()).isEqualTo(-5);
        stats.dropped(3); // dropping what was already written
        assertThat(stats.snapshot().bytesPending()).isEqualTo(-8);
    }

    @Test
    void progressGrowsWithEveryKindOfWork() {
        Counters stats = new Counters();
        long p0 = stats.progress();
        stats.accepted();
        long p1 = stats.progress();
        stats.read(1);
        long p2 = stats.progress();
        stats.written(1);
        long p3 = stats.progress();
        stats.closed(false);
        assertThat(p0).isLessThan(p1);
        assertThat(p1).isLessThan(p2);
        assertThat(p2).isLessThan(p3);
        assertThat(p3).isLessThan(stats.progress());
    }

    @Test
    void activeIsAcceptedMinusClosed() {
        Counters stats = new Counters();
        stats.accepted();
        stats.accepted();
        stats.accepted();
        stats.closed(false);
        assertThat(stats.active()).isEqualTo(2);
        stats.refused(); // never accepted: not active
        stats.timedOut();
        stats.failed();
        Stats s = stats.snapshot();
        assertThat(s.active()).isEqualTo(2);
        assertThat(s.refused()).isOne();
        assertThat(s.timeouts()).isOne();
        assertThat(s.errors()).isOne();
    }

    @Test
    void theLineNamesEveryCounter() {
        assertThat(new Counters().snapshot().toString()).contains("active 0", "accepted 0", "closed 0",
                "resets 0", "refused 0", "timeouts 0", "errors 0", "bytes in 0", "out 0", "pending 0");
    }
}
