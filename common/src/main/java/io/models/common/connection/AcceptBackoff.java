package io.models.common.connection;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * What a server does when {@code accept()} fails, typically because the process is out of file
 * descriptors. The clients stay in the kernel's backlog, so it must neither stop accepting for good
 * nor try again at once, in a loop that fails at once and burns a core. It says so once, waits
 * {@link #RETRY}, tries again, and says when accepting works again. One per accepting thread (or
 * accept chain).
 */
public final class AcceptBackoff {

    /** How long to wait before accepting again: by then a connection may have closed and freed a descriptor. */
    public static final Duration RETRY = Duration.ofMillis(100);

    private final Logger log;
    private long failures;
    private long retryAt;

    public AcceptBackoff(Logger log) {
        this.log = log;
    }

    /** accept() failed: log the first failure of a run; accepting may be tried again at {@link #retryAt()}. */
    public void failed(IOException e) {
        failed("accept", e);
    }

    /** {@code what} failed (accept, or starting a thread for a client): the same, in other words. */
    public void failed(String what, Throwable e) {
        if (failures++ == 0) {
            log.log(Level.WARNING, "{0} failed: {1}; trying again every {2} ms until it works",
                    what, e.getMessage(), RETRY.toMillis());
        }
        retryAt = System.nanoTime() + RETRY.toNanos();
    }

    /** accept() worked: if it had been failing, say it has recovered. */
    public void succeeded() {
        if (failures > 0) {
            log.log(Level.INFO, "working again after {0} failed attempts", failures);
            failures = 0;
        }
    }

    /** When (System.nanoTime) accept() may be tried again after the last failure. */
    public long retryAt() {
        return retryAt;
    }

    /** For a thread blocked in accept() (01, 02): the failure, then this thread waits (an interrupt ends the wait). */
    public void waitAfter(IOException e) {
        waitAfter("accept", e);
    }

    /** {@code what} failed, then this thread waits (an interrupt ends the wait). */
    public void waitAfter(String what, Throwable e) {
        failed(what, e);
        LockSupport.parkNanos(this, RETRY.toNanos());
    }

    /** For an accept chain with no thread of its own (05): the failure, then {@code retry} runs after the wait. */
    public void retryLater(Throwable e, Runnable retry) {
        failed("accept", e);
        CompletableFuture.delayedExecutor(RETRY.toNanos(), TimeUnit.NANOSECONDS).execute(retry);
    }
}
