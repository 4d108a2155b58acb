package io.models.bench.lab;

import java.time.Duration;

/** How long a lab run's page has gone without a word: when it last asked, and the longest it went quiet while the run ran. */
final class PageSilence {

    private long lastSeen;
    /** The longest the page went without a word while the run ran (ns), heard so far. */
    private long longest;

    /** @param since when the run was made (System.nanoTime): the page's first word */
    PageSilence(long since) {
        lastSeen = since;
    }

    /** The page (or a script) asked: the silence it ends counts if the run was running. */
    synchronized void heard(long now, boolean running) {
        if (running) {
            longest = Math.max(longest, now - lastSeen);
        }
        lastSeen = Math.max(lastSeen, now);
    }

    /** The longest silence while the run ran, the one going on now included if it is running. */
    synchronized Duration longest(long now, boolean running) {
        long quiet = running ? now - lastSeen : 0;
        return Duration.ofNanos(Math.max(longest, quiet));
    }

    /** True if the page has said nothing for longer than {@code limit}; that silence, which ends the run, is counted. */
    synchronized boolean over(long now, Duration limit) {
        if (now - lastSeen <= limit.toNanos()) {
            return false;
        }
        longest = Math.max(longest, now - lastSeen);
        return true;
    }
}
