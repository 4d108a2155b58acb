package io.models.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.models.common.protocol.Protocol;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * held-1000 tells a slow server from a stuck one: a thread per connection that answers a thousand
 * clients one after another, 5 ms apart (5 s for all, as a busy machine does), passes even with
 * {@code --wait 1}, since replies keep coming; a fixed pool, whose replies stop, still fails
 * ({@link WrongAnswersTest}).
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SlowButAnsweringTest {

    private static final ReentrantLock ONE_REPLY_AT_A_TIME = new ReentrantLock();

    @Test
    void repliesThatKeepComingAreWaitedFor() throws Exception {
        try (WrongServer server = WrongServer.start(conn -> WrongAnswersTest.echo(conn, chunk -> {
            ONE_REPLY_AT_A_TIME.lock();
            try {
                Thread.sleep(5); // the server's own pace, not the test's: each reply waits for the one before
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                ONE_REPLY_AT_A_TIME.unlock();
            }
            return Protocol.upper(chunk);
        }))) {
            CheckRun run = CheckRun.against(server.port(), null, List.of("--cases", "held-1000", "--wait", "1"));
            assertThat(run.out()).as(run.printed()).containsExactly("PASS held-1000", "1 passed, 0 failed");
        }
    }
}
