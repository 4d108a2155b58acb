package io.models.common.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.models.common.server.RecordedLog;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What a server does when accept() fails: one line for a run of failures, a wait, one line when it works again. */
@Timeout(60)
class AcceptBackoffTest {

    private final RecordedLog log = new RecordedLog();
    private final AcceptBackoff backoff = new AcceptBackoff(log);

    @Test
    void aRunOfFailuresIsSaidOnceAndItsEndOnce() {
        backoff.succeeded();
        assertThat(log.lines()).as("nothing had failed: nothing to say").isEmpty();
        long before = System.nanoTime();
        backoff.failed(new IOException("Too many open files"));
        assertThat(backoff.retryAt() - before).isGreaterThanOrEqualTo(AcceptBackoff.RETRY.toNanos());
        backoff.failed(new IOException("Too many open files"));
        backoff.failed("starting a thread", new OutOfMemoryError("unable to create native thread"));
        assertThat(log.lines()).singleElement().satisfies(l -> {
            assertThat(l.level()).isEqualTo(Level.WARNING);
            assertThat(l.message()).isEqualTo("accept failed: Too many open files; trying again every 100 ms until it works");
        });
        backoff.succeeded();
        backoff.succeeded();
        assertThat(log.lines()).hasSize(2).last().satisfies(l -> {
            assertThat(l.level()).isEqualTo(Level.INFO);
            assertThat(l.message()).isEqualTo("working again after 3 failed attempts");
        });
        backoff.failed("starting a thread", new OutOfMemoryError("unable to create native thread"));
        assertThat(log.lines()).as("a new run is said again").hasSize(3).last()
                .extracting(RecordedLog.Line::message).asString().startsWith("starting a thread failed: unable to");
    }

    @Test
    void aThreadBlockedInAcceptWaitsBeforeItTriesAgain() {
        long before = System.nanoTime();
        backoff.waitAfter(new IOException("Too many open files"));
        assertThat(System.nanoTime() - before).isGreaterThanOrEqualTo(AcceptBackoff.RETRY.toNanos());
        assertThat(log.lines()).singleElement().extracting(RecordedLog.Line::message).asString()
                .startsWith("accept failed: Too many open files");
    }

    @Test
    void anAcceptChainTriesAgainOnceTheWaitIsOver() throws Exception {
        CompletableFuture<Long> retried = new CompletableFuture<>();
        long before = System.nanoTime();
        backoff.retryLater(new IOException("Too many open files"), () -> retried.complete(System.nanoTime()));
        assertThat(retried.get(5, TimeUnit.SECONDS) - before).isGreaterThanOrEqualTo(AcceptBackoff.RETRY.toNanos());
        assertThat(log.lines()).singleElement().extracting(RecordedLog.Line::message).asString()
                .startsWith("accept failed: Too many open files");
    }
}
