package io.models.concepts;

import static org.assertj.core.api.Assertions.assertThat;

import io.models.common.linux.Proc;
import io.models.concepts.Watch.Sample;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * "Is Java NIO 同步非阻塞 or 多路复用?" (Snailclimb/JavaGuide #479 and #345, CyC2018/CS-Notes PR #384),
 * answered on the note's two phases. A select loop in the note's shape, on one non-blocking socket,
 * watched from outside: the thread sleeps in the kernel inside {@code select()} (phase 1, 等待数据准备),
 * and the {@code read()} after it only copies (phase 2, 将数据从内核拷贝到进程中), in the thread's own
 * call. 四: "整个用户的process其实是一直被block的。只不过process是被select这个函数block,而不是被socket IO给block".
 *
 * <p>The kernel's view comes from common's {@link Proc} (where each thread sleeps: {@code wchan});
 * the JVM's, the CPU and the state at each look from this module's {@link Watch}.
 *
 * <p>The margins that depend on the scheduler, each stated both ways. Waiting for the loop to be
 * asleep in epoll_wait ({@link Watch#until}, 30 s): too short would fail a right run when the loop
 * thread waits long for a CPU on a loaded machine; longer only delays a failure, since the condition
 * is the kernel's exact state. The window's check that the thread used no CPU (at most 1% of the
 * 500 ms window, {@link Looks}): a thread asleep in the kernel uses none whatever the load, and the
 * 1% only absorbs accounting granularity; it cannot let a spinning loop pass on a loaded machine that
 * gives it little CPU, because the kernel would then say R, not S, at the looks. Five runs on the
 * shared 2-core machine at load averages from 11 to 50 all passed (the test took 1 to 3.7 s).
 */
@Timeout(120)
class NioOnTheTwoAxesTest {

    /**
     * Where a thread sleeps inside epoll_wait(2), the JDK's selector on Linux: {@code do_epoll_wait}
     * on this machine's kernel (6.x); {@code ep_poll} where the kernel did not inline it.
     */
    static final String EPOLL_WAIT = "(do_epoll_wait|ep_poll).*";

    /**
     * Phase 1: the loop thread is asleep (S) in the kernel's epoll wait, in native code, with no CPU,
     * for the whole window, until the data is sent. Phase 2: when select() returns, the bytes are
     * still in the kernel (nothing in our buffer); the non-blocking read() then returns them at once,
     * on the loop's own thread: it could not have waited for data (non-blocking), so all it did was
     * the copy. A non-blocking read with nothing there returns 0 at once, before and after.
     * Nothing here depends on timing: each step waits for what the kernel shows, or for an event.
     */
    @Test
    void theThreadBlocksInSelectAndTheReadOnlyCopies() throws Exception {
        Timeline t = new Timeline();
        int[] got = new int[4]; // read before any data, bytes in our buffer when select returned, read, read again
        try (Loopback connection = Loopback.open(); Selector selector = Selector.open()) {
            SocketChannel conn = connection.server();
            conn.configureBlocking(false); // conn.setblocking(False): every socket of a select loop is non-blocking
            conn.register(selector, SelectionKey.OP_READ); // read_l.append(conn)
            Watched loop = Watched.platform("select-loop", () -> {
                ByteBuffer data = ByteBuffer.allocate(1024);
                got[0] = conn.read(data); // nothing there yet: 0 at once (Python: BlockingIOError)
                t.mark("empty read", "read() returned %d at once: nothing there yet".formatted(got[0]));
                t.mark("select", "select(): the thread waits for the data (phase 1)");
                selector.select(); // r_l,w_l,x_l=select.select(read_l,[],[])
                got[1] = data.position();
                t.mark("selected", "select() returned: the data is ready; %d bytes in our buffer".formatted(got[1]));
                got[2] = conn.read(data); // data=ready_obj.recv(1024): phase 2 only, the data is there
                t.mark("read", "read() returned %d bytes: the copy, in this thread's own call".formatted(got[2]));
                got[3] = conn.read(data); // nothing more: 0 at once
                t.mark("read again", "read() returned %d at once".formatted(got[3]));
            });
            Watch.until("the loop asleep in select()", () -> t.has("select") && inEpollWait(loop));
            Sample waiting = Watch.over(SynchronousTest.WINDOW, loop).get(0);
            Proc.Task task = Proc.available() ? task(loop) : null; // where it sleeps, after the window
            t.observer("send", "sends 5 bytes to the socket");
            connection.send("hello");
            loop.join();

            assertThat(got[0]).as("a non-blocking read() with nothing there").isZero();
            assertThat(t.before("empty read", "send")).as("it returned before any data existed: %s", t.events()).isTrue();

            // Phase 1: the thread sleeps in the selector's wait, not in a read.
            Looks.asleepInNativeCode(waiting);
            if (task != null) {
                System.out.printf("in select(): the kernel says %c, asleep in %s (system call %d); in %s%n",
                        task.state(), task.wchan(), task.syscall(), waiting.where());
                assertThat(task.state()).as("the kernel's state of the loop thread: %s", task).isEqualTo('S');
                assertThat(task.wchan()).as("where in the kernel it sleeps: %s", task).matches(EPOLL_WAIT);
            }
            assertThat(t.before("send", "selected")).as("select() returned after the data was sent: %s", t.events()).isTrue();

            // Phase 2: select() reports readiness, not completion; read() does the copy itself.
            assertThat(got[1]).as("bytes in our buffer when select() returned (readiness: still in the kernel)").isZero();
            assertThat(got[2]).as("what the non-blocking read() after select() returned").isEqualTo(5);
            assertThat(t.at("read").thread()).as("the thread that copied").isEqualTo("select-loop");
            assertThat(got[3]).as("a non-blocking read() once the data is taken").isZero();
        }
    }

    /** Asleep in the kernel's epoll wait (Linux), or asleep in native code where there is no /proc to ask. */
    private static boolean inEpollWait(Watched loop) {
        if (!Proc.available()) {
            return Watch.asleepInNativeCode(loop);
        }
        try {
            Proc.Task task = task(loop);
            return task.state() == 'S' && task.wchan().matches(EPOLL_WAIT);
        } catch (IOException | IllegalStateException e) {
            return false;
        }
    }

    /** The watched thread as the kernel shows it. */
    private static Proc.Task task(Watched w) throws IOException {
        long tid = w.tid();
        return Proc.self().tasks().stream().filter(task -> task.tid() == tid).findFirst()
                .orElseThrow(() -> new IllegalStateException("no thread " + tid + " in /proc/self/task"));
    }
}
