package io.models.concepts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** 非阻塞: "指在不能立刻得到结果之前也会立刻返回,同时该函数不会阻塞当前线程". */
@Timeout(120)
class NonBlockingTest {

    /**
     * The tour sends the data only after the reader's read() has returned 0 ten thousand times: a
     * read that waited for the data could not return even once before it was sent. Every call
     * returned 0 until the data was there, and the first one after it came returned the 5 bytes.
     */
    @Test
    void theSameReadReturnsZeroAtOnceUntilTheDataIsThere() throws Exception {
        NonBlocking.Result r = NonBlocking.run(10_000);

        Timeline t = r.timeline();
        assertThat(t.before("zero", "send")).as("the first 0 came before the data was sent: %s", t.events()).isTrue();
        assertThat(t.before("send", "data")).isTrue();
        assertThat(r.zeroes()).as("calls that returned 0 before the data").isGreaterThanOrEqualTo(10_000);
        assertThat(r.bytes()).as("what the call that found data returned").isEqualTo(5);
    }
}
