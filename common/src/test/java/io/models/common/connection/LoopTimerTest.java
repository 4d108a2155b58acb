package io.models.common.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoopTimerTest {

    /** A timer due at a fixed time; running it moves it a period later, or unsets it. */
    private static class Fake implements LoopTimer {
        boolean set;
        long dueAt;
        long period;
        final List<Long> runs = new ArrayList<>();

        Fake(boolean set, long dueAt, long period) {
            this.set = set;
            this.dueAt = dueAt;
            this.period = period;
        }

        @Override
        public boolean isSet() {
            return set;
        }

        @Override
        public long dueAt() {
            return dueAt;
        }

        @Override
        public void run(long now) {
            runs.add(now);
            if (period == 0) {
                set = false;
            } else {
                dueAt = now + period;
            }
        }
    }

    @Test
    void withNoTimerSetTheLoopWaitsForEver() {
        Fake a = new Fake(false, 0, 0);
        assertThat(LoopTimer.runDue(a)).isZero();
        assertThat(a.runs).isEmpty();
    }

    @Test
    void aDueTimerRunsAndTheWaitIsUntilTheNextOne() {
        long now = System.nanoTime();
        Fake due = new Fake(true, now - 1, 0); // due, and unset once run
        Fake later = new Fake(true, now + 5_000_000_000L, 0); // in 5 s
        long wait = LoopTimer.runDue(due, later);
        assertThat(due.runs).hasSize(1);
        assertThat(later.runs).isEmpty();
        assertThat(wait).isBetween(1L, 5_000L);
    }

    @Test
    void aTimerThatRunsAgainAtOnceStillGivesAtLeastOneMillisecond() {
        Fake repeating = new Fake(true, System.nanoTime() - 1, 1); // 1 ns period
        assertThat(LoopTimer.runDue(repeating)).isEqualTo(1);
        assertThat(repeating.runs).hasSize(1);
    }

    /** Due at the very nanosecond the loop reads the clock: due now, not a millisecond later. */
    @Test
    void aTimerDueAtThisVeryMomentRuns() {
        Fake first = new Fake(true, System.nanoTime() - 1, 0);
        Fake atNow = new Fake(true, 0, 0) {
            @Override
            public long dueAt() {
                return first.runs.get(0); // the loop's own now, which it gave the first timer
            }
        };
        LoopTimer.runDue(first, atNow);
        assertThat(atNow.runs).containsExactly(first.runs.get(0));
    }
}
