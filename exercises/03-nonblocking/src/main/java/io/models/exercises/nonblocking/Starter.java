package io.models.exercises.nonblocking;

import io.models.exercises.kit.Kit;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * Exercise: 三、非阻塞IO (nonblocking IO). Every socket is non-blocking and one thread goes round
 * them all in a loop: accept whoever is waiting, then try each connection. Waiting for data never
 * blocks (accept() returns null, read() returns 0); copying still does.
 *
 * <p>Everything but the loop is given. Write it in {@link #serve}; until then the starter accepts
 * each client and closes it, and the checker fails: {@code 03-nonblocking/run.sh java}
 * (from {@code exercises/}, or a handout's top folder).
 * The loop runs on a thread named {@code 03-nonblocking} ({@code ps -L -o tid,comm -p PID} shows
 * it). The solution is chapter 03-nonblocking ({@code NonBlockingModel}); read it after.
 */
public final class Starter {

    static final String NAME = "exercise-03-nonblocking";
    static final String THREAD = "03-nonblocking";

    public static void main(String[] args) throws IOException {
        Kit.Flags flags = Kit.flags(NAME, 8083, args);
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(flags.address(), 1024);
            server.configureBlocking(false); // the note's severt.setblocking(False)
            Kit.listening(NAME, "三、非阻塞IO starter: the polling loop is yours to write", server.getLocalAddress());
            Kit.loop(THREAD, () -> serve(server)); // the loop, on a thread named 03-nonblocking
        }
    }

    /**
     * The note's loop, with its {@code conn_l} and {@code del_l} (its prints and comments left out):
     * <pre>
     * while True:
     *     try:
     *         conn,addr = severt.accept()
     *         conn_l.append(conn)
     *     except BlockingIOError:
     *         for conn in conn_l:
     *             try:
     *                 data = conn.recv(1024)
     *                 conn.send(data.upper())
     *             except BlockingIOError:
     *                 pass
     *             except ConnectionResetError:
     *                 del_l.append(conn)
     *         for obj in del_l:
     *             obj.close()
     *             conn_l.remove(obj)
     *         del_l.clear()
     * </pre>
     */
    static void serve(ServerSocketChannel server) throws IOException, InterruptedException {
        while (true) {
            SocketChannel conn = server.accept(); // null at once if nobody is waiting
            // TODO 三、非阻塞IO: keep every connection (conn_l) and, on every pass of this one loop, try each.
            //  - No call may wait: not for a client's data, nor for a client that does not read.
            //  - Every byte back upper-cased (Kit.upper), in order, nothing lost, however slowly a
            //    client reads.
            //  - A client's end of stream closes its connection once its replies are sent; a reset
            //    closes that connection only (del_l).
            //  Then measure your idle CPU (the checker's idle-cpu, or top) and read 三's 缺点.
            // GUIDE: hints for the guided level (exercises/strip-guide.py removes them, down to END GUIDE)
            //  - conn.configureBlocking(false): the note's accepted sockets are blocking on Linux
            //    (accept(2) does not pass O_NONBLOCK on), see notes/python/README.md.
            //  - read() returns 0 when nothing has arrived (BlockingIOError), -1 at the end.
            //  - write() takes what fits and returns how much: keep the rest, per connection, and
            //    send it on a later pass; read no more from that connection until it is sent.
            //  - Close and remove a connection that ended or failed after the pass (del_l).
            // END GUIDE
            if (conn != null) {
                conn.close(); // placeholder: remove it when the loop is written
            } else {
                Thread.sleep(10); // placeholder: a real polling loop does not sleep a fixed 10 ms
            }
        }
    }
}
