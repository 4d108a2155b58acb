package io.models.concepts;

import io.models.concepts.Watch.Sample;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;

/**
 * 阻塞 (blocking): "阻塞调用是指调用结果返回之前,当前线程会被挂起(如遇到io操作)。函数只有在得到结果之后
 * 才会将阻塞的线程激活" (a blocking call suspends the current thread until its result is there, and
 * only the result wakes the thread), with the note's own example: "当socket工作在阻塞模式的时候,如果
 * 没有数据的情况下调用recv函数,则当前线程就会被挂起,直到有数据为止" (recv on a socket in blocking mode
 * with no data suspends the thread until data comes). The same read on a platform thread and on a
 * virtual thread, each on its own loopback connection.
 */
final class Blocking {

    /** What happened, and how each reader looked while it waited. */
    record Result(Timeline timeline, Sample platform, Sample virtual) {
    }

    static final String PLATFORM = "reader";
    static final String VIRTUAL = "virtual-reader";

    private Blocking() {
    }

    /** Both readers call read() on sockets with no data; the tour watches them, then sends the data. */
    static Result run(Duration window) throws Exception {
        Timeline timeline = new Timeline();
        try (Loopback a = Loopback.open(); Loopback b = Loopback.open()) {
            Watched platform = Watched.platform(PLATFORM, () -> recv(timeline, a.server()));
            Watched virtual = Watched.virtual(VIRTUAL, () -> recv(timeline, b.server()));
            Watch.until("the reader asleep in read()",
                    () -> timeline.has(PLATFORM + " reads") && Watch.asleepInNativeCode(platform));
            Watch.until("the virtual reader parked in read()",
                    () -> timeline.has(VIRTUAL + " reads") && virtual.javaState() == Thread.State.WAITING);
            List<Sample> seen = Watch.over(window, platform, virtual);
            timeline.observer("send", "sends 5 bytes to each socket");
            a.send("hello");
            b.send("hello");
            platform.join();
            virtual.join();
            return new Result(timeline, seen.get(0), seen.get(1));
        } // closing the sockets ends a read still waiting, if something went wrong
    }

    /** The note's {@code data = conn.recv(1024)} on a socket in blocking mode (the default). */
    private static void recv(Timeline timeline, SocketChannel conn) throws IOException {
        String me = Thread.currentThread().getName();
        timeline.mark(me + " reads", "read() on a socket with no data, in blocking mode");
        int n = conn.read(ByteBuffer.allocate(64)); // phase 1 waits for the data, phase 2 copies it
        timeline.mark(me + " returned", "read() returned %d bytes".formatted(n));
    }
}
