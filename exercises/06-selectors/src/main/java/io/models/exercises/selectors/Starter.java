package io.models.exercises.selectors;

import io.models.exercises.kit.Kit;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * Exercise: 七、selectors模块. The platform's best selector ({@code Selector.open()}: epoll on
 * Linux, kqueue on macOS) and a callback per key: the listener's accepts, a connection's reads
 * and writes. The loop only calls back, as the note's does:
 * {@code callback=sel_obj.data} then {@code callback(sel_obj.fileobj,mask)}.
 *
 * <p>Everything but the loop and the callbacks is given. Write them in {@link #serve}; until then
 * the starter accepts each client and closes it, and the checker fails:
 * {@code 06-selectors/run.sh java}
 * (from {@code exercises/}, or a handout's top folder). The loop runs on a thread named {@code 06-selectors}
 * ({@code ps -L -o tid,comm -p PID} shows it). The solution is chapter 06-selectors
 * ({@code SelectorsModel}); read it after.
 */
public final class Starter {

    static final String NAME = "exercise-06-selectors";
    static final String THREAD = "06-selectors";

    public static void main(String[] args) throws IOException {
        Kit.Flags flags = Kit.flags(NAME, 8088, args);
        try (ServerSocketChannel server = ServerSocketChannel.open(); Selector sel = Selector.open()) {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(flags.address(), 1024);
            server.configureBlocking(false); // the note's server_fileobj.setblocking(False)
            Kit.listening(NAME, "七、selectors模块 starter: the loop and the callbacks are yours to write",
                    server.getLocalAddress());
            Kit.loop(THREAD, () -> serve(sel, server)); // the loop, on a thread named 06-selectors
        }
    }

    /**
     * The note's server (its prints and comments left out):
     * <pre>
     * sel.register(server_fileobj,selectors.EVENT_READ,accept)
     * while True:
     *     events=sel.select()
     *     for sel_obj,mask in events:
     *         callback=sel_obj.data
     *         callback(sel_obj.fileobj,mask)
     * </pre>
     * and its two callbacks, {@code accept(server_fileobj,mask)}, which accepts and calls
     * {@code sel.register(conn,selectors.EVENT_READ,read)}, and {@code read(conn,mask)}, which
     * sends {@code data.upper()+b'_SB'}, or unregisters and closes the connection.
     */
    static void serve(Selector sel, ServerSocketChannel server) throws IOException {
        // TODO 七、selectors模块: register the listener with an accept callback, and each new client
        //  with a callback of its own; the loop only calls back: it never asks what kind of key it holds.
        //  - The note's read() sends data.upper()+b'_SB': the reply must be exactly the request,
        //    upper-cased (Kit.upper), in order, nothing lost, however slowly a client reads.
        //  - No callback may wait: a client that sends nothing, or reads nothing, must not hold up
        //    any other client.
        //  - A client's end of stream closes its connection; a reset closes that connection only.
        // GUIDE: hints for the guided level (exercises/strip-guide.py removes them, down to END GUIDE)
        //  - The callback is the key's attachment: server.register(sel, OP_ACCEPT, acceptCallback)
        //    (the note's sel.register(server_fileobj,selectors.EVENT_READ,accept)).
        //  - The accept callback makes each new connection non-blocking and registers it for
        //    OP_READ with a read callback of its own.
        //  - The loop does nothing but sel.select(key -> ((Callback) key.attachment()).onReady(key)),
        //    with an interface Callback { void onReady(SelectionKey key) throws IOException; } of yours.
        //  - A write that takes only part keeps the rest and waits for OP_WRITE, not reading meanwhile.
        //  - -1 or an IOException: close the channel (which cancels its key).
        // END GUIDE
        server.register(sel, SelectionKey.OP_ACCEPT);
        while (true) { // placeholder: accepts each client and closes it at once
            sel.select();
            sel.selectedKeys().clear();
            SocketChannel conn = server.accept();
            if (conn != null) {
                conn.close();
            }
        }
    }
}
