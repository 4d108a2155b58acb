package io.models.exercises.select;

import io.models.exercises.kit.Kit;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;

/**
 * Exercise: 四、多路复用IO (IO multiplexing). One thread blocks in one call, {@code select}, that
 * watches every socket, and then only accepts, reads and writes the sockets that are ready. The
 * selector here is poll(2), the closest the JDK has to the note's {@code select.select}.
 *
 * <p>Everything but the loop is given. Write it in {@link #serve}; until then the starter accepts
 * each client and closes it, and the checker fails: {@code 04-select/run.sh java}
 * (from {@code exercises/}, or a handout's top folder). The
 * loop runs on a thread named {@code 04-select} ({@code ps -L -o tid,comm -p PID} shows it). The
 * solution is chapter 04-select ({@code SelectModel}); read it after. The JVM needs
 * {@code --add-exports java.base/sun.nio.ch=ALL-UNNAMED} (the jar's manifest and .mvn/jvm.config give it).
 */
public final class Starter {

    static final String NAME = "exercise-04-select";
    static final String THREAD = "04-select";

    public static void main(String[] args) throws IOException {
        Kit.Flags flags = Kit.flags(NAME, 8081, args);
        try (ServerSocketChannel server = ServerSocketChannel.open(); Selector selector = openPollSelector()) {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(flags.address(), 1024);
            server.configureBlocking(false); // the note's s.setblocking(False)
            server.register(selector, SelectionKey.OP_ACCEPT); // read_l=[s,]
            Kit.listening(NAME, "四、多路复用IO starter: the select loop is yours to write", server.getLocalAddress());
            Kit.loop(THREAD, () -> serve(selector, server)); // the loop, on a thread named 04-select
        }
    }

    /**
     * The note's loop (its prints and comments left out):
     * <pre>
     * while True:
     *     r_l,w_l,x_l=select.select(read_l,[],[])
     *     for ready_obj in r_l:
     *         if ready_obj == s:
     *             conn,addr=ready_obj.accept()
     *             read_l.append(conn)
     *         else:
     *             try:
     *                 data=ready_obj.recv(1024)
     *                 if not data:
     *                     read_l.remove(ready_obj)
     *                     continue
     *                 ready_obj.send(data.upper())
     *             except ConnectionResetError:
     *                 read_l.remove(ready_obj)
     * </pre>
     */
    static void serve(Selector selector, ServerSocketChannel server) throws IOException {
        while (true) {
            selector.select(); // blocks until some registered socket is ready
            selector.selectedKeys().clear();
            SocketChannel conn = server.accept();
            // TODO 四、多路复用IO: for each socket select says is ready: the listener's readiness is
            //  a client to accept and watch (read_l.append(conn)); a connection's is bytes to read
            //  and send back upper-cased (Kit.upper).
            //  - No call but select() may wait: a client that sends nothing, or reads nothing, must
            //    not hold up any other client.
            //  - Every byte back, in order, nothing lost, however slowly a client reads.
            //  - A client's end of stream closes its connection; a reset closes that connection only.
            // GUIDE: hints for the guided level (exercises/strip-guide.py removes them, down to END GUIDE)
            //  - For each selected key: if it is the listener's, accept, configureBlocking(false) and
            //    register the client for OP_READ; otherwise read what is ready and write it back.
            //  - read() returning -1 is the end: close the channel (that also cancels its key).
            //  - The note's send() "hopes it won't block": a write that takes only part must keep
            //    the rest, switch the key to OP_WRITE until it is sent, and stop reading meanwhile.
            //  - An IOException on one connection (a reset) closes that one only.
            // END GUIDE
            if (conn != null) {
                conn.close(); // placeholder: remove it when the loop is written
            }
        }
    }

    /** poll(2): the kernel scans every registered descriptor on every call, as select(2) does. */
    static Selector openPollSelector() throws IOException {
        try {
            return ((SelectorProvider) Class.forName("sun.nio.ch.PollSelectorProvider")
                    .getDeclaredConstructor().newInstance()).openSelector();
        } catch (ReflectiveOperationException e) {
            throw new IOException(NAME + ": cannot open a poll(2) selector (run java with "
                    + "--add-exports java.base/sun.nio.ch=ALL-UNNAMED): " + e);
        }
    }
}
