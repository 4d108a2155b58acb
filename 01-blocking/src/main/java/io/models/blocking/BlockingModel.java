package io.models.blocking;

import io.models.common.connection.BlockingConnection;
import io.models.common.server.Model;
import io.models.common.server.ServerContext;
import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * 二、阻塞IO (blocking IO): one thread accepts a client and serves only it until it leaves, then
 * accepts the next. Both phases of every call block: {@code accept()} waits for a client, and
 * {@code read()} waits for data and then for the copy. While one client is served, the next one
 * waits in the kernel's backlog, connected but unanswered.
 */
public final class BlockingModel extends Model {

    static final String NAME = "01-blocking";

    public BlockingModel() {
        super(NAME);
    }

    @Override
    public void start(ServerContext server) throws IOException {
        ServerSocketChannel listener = server.listen(); // socket(), setsockopt(SO_REUSEADDR), bind(), listen()
        // One thread, the note's whole server. Closing interrupts it: a blocked accept or read ends.
        server.thread(NAME, Thread::interrupt, () -> {
            while (server.running()) { // while True:
                // conn, addr = server.accept(): blocks until a client has connected (phase 1 and 2 of the
                // handshake's IO). Null if there is none to serve: refused, accept failed, or closing.
                SocketChannel conn = server.accept(listener);
                if (conn != null) {
                    // while True: recv, send, until the client leaves. Nobody else is served meanwhile,
                    // so at most one connection is ever open: --max-connections never refuses anyone here.
                    new BlockingConnection(conn, server).run();
                }
            }
        });
    }
}
