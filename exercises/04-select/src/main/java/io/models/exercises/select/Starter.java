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
 * each client and closes it, and the checker fails:
 * {@code java -jar conformance/target/conformance.jar --port 8081}. The solution is chapter
 * 04-select ({@code SelectModel}); read it after. The JVM needs
 * {@code --add-exports java.base/sun.nio.ch=ALL-UNNAMED} (the jar's manifest and .mvn/jvm.config give it).
 */
public final class Starter {

    static final String NAME = "exercise-04-select";

    public static void main(String[] args) throws IOException {
        Kit.Flags flags = Kit.flags(NAME, 8081, args);
        try (ServerSocketChannel server = ServerSocketChannel.open(); Selector selector = openPollSelector()) {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(flags.address(), 1024);
            server.configureBlocking(false); // the note's s.setblocking(False)
            server.register(selector, SelectionKey.OP_ACCEPT); // read_l = [s,]
            Kit.listening(NAME, "四、多路复用IO starter: the select loop is yours to write", server.getLocalAddress());
            serve(selector, server);
        }
    }

    /**
     * The note's loop:
     * <pre>
     * while True:
     *     r_l, w_l, x_l = select.select(read_l, [], [])
     *     for ready_obj in r_l:
     *         if ready_obj == s: conn, addr = ready_obj.accept(); read_l.append(conn)
     *         else: data = ready_obj.recv(1024); ready_obj.send(data.upper())
     * </pre>
     */
    static void serve(Selector selector, ServerSocketChannel server) throws IOException {
        while (true) {
            selector.select(); // blocks until some registered socket is ready
            selector.selectedKeys().clear();
            SocketChannel conn = server.accept();
            // TODO 四、多路复用IO: for each selected key, if it is the listener's, accept the
            //  client, make it non-blocking and register it for OP_READ (read_l.append(conn));
            //  otherwise read what is ready and write it back upper-cased (Kit.upper).
            //  - read() returning -1 is the end: close the channel (that also cancels its key).
            //  - The note's send() "hopes it won't block": a write that takes only part must keep
            //    the rest, switch the key to OP_WRITE until it is sent, and stop reading meanwhile.
            //  - An IOException on one connection (a reset) closes that one only.
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
