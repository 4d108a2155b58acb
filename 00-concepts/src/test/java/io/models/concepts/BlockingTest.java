package io.models.concepts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** 阻塞: "当socket工作在阻塞模式的时候,如果没有数据的情况下调用recv函数,则当前线程就会被挂起,直到有数据为止". */
@Timeout(120)
class BlockingTest {

    /**
     * A platform thread in read() with no data: RUNNABLE to the JVM, but asleep to the kernel (S)
     * and using no CPU. A virtual thread in the same read(): WAITING. Both return only after the data
     * was sent, with it.
     */
    @Test
    void aReadWithNoDataSuspendsTheThreadUntilTheDataComes() throws Exception {
        Blocking.Result r = Blocking.run(SynchronousTest.WINDOW);

        Timeline t = r.timeline();
        for (String reader : new String[] {Blocking.PLATFORM, Blocking.VIRTUAL}) {
            assertThat(t.before("send", reader + " returned")).as("%s returned after the data was sent: %s", reader, t.events())
                    .isTrue();
            assertThat(t.at(reader + " returned").text()).isEqualTo("read() returned 5 bytes");
        }

        Looks.asleepInNativeCode(r.platform());
        assertThat(r.virtual().virtual()).isTrue();
        assertThat(r.virtual().java(Thread.State.WAITING)).as("looks that saw the virtual reader WAITING: %s", r.virtual())
                .isEqualTo(r.virtual().looks());
    }
}
