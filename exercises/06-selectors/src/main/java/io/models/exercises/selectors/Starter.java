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
 * and writes. The loop only calls back: {@code callback = key.data; callback(key.fileobj, mask)}.
 *
 * <p>Everything but the loop and the callbacks is given. Write them in {@link #serve}; until then
 * the starter accepts each client and closes it, and the checker fails:
 * {@code java -jar conformance/target/conformance.jar --port 8088}. The solution is chapter
 * 06-selectors ({@code SelectorsModel}); read it after.
 */
public final class Starter {

    static final String NAME = "exercise-06-selectors";

    public static void main(String[] args) throws IOException {
        Kit.Flags flags = Kit.flags(NAME, 8088, args);
        try (ServerSocketChannel server = ServerSocketChannel.open(); Selector sel = Selector.open()) {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(flags.address(), 1024);
            server.configureBlocking(false);
            Kit.listening(NAME, "七、selectors模块 starter: the loop and the callbacks are yours to write",
                    server.getLocalAddress());
            serve(sel, server);
        }
    }

    /**
     * The note's server:
     * <pre>
     * sel.register(server_fileobj, selectors.EVENT_READ, accept)
     * while True:
     *     for key, mask in sel.select():
     *         callback = key.data
     *         callback(key.fileobj, mask)
     * </pre>
     */
    static void serve(Selector sel, ServerSocketChannel server) throws IOException {
        // TODO 七、selectors模块: register the listener with an accept callback as its attachment
        //  (server.register(sel, OP_ACCEPT, acceptCallback)); the accept callback registers each
        //  new connection (non-blocking) with a read callback of its own; the loop does nothing but
        //  sel.select(key -> ((Callback) key.attachment()).onReady(key)).
        //  - The note's read() sends data.upper() + b'_SB': the reply must be exactly the request.
        //  - A write that takes only part keeps the rest and waits for OP_WRITE, not reading meanwhile.
        //  - -1 or an IOException: close the channel (which cancels its key).
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
