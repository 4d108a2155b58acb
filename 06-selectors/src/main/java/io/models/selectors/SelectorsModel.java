package io.models.selectors;

import io.models.common.connection.Acceptor;
import io.models.common.connection.Callback;
import io.models.common.connection.Connection;
import io.models.common.connection.IdleSweep;
import io.models.common.connection.LoopTimer;
import io.models.common.connection.NonBlockingConnection;
import io.models.common.server.Model;
import io.models.common.server.ServerContext;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;

/**
 * 七、selectors模块: the note's {@code selectors.DefaultSelector} server, which is the Reactor of
 * Doug Lea's "Scalable IO in Java". {@link Selector#open()} picks the platform's best mechanism
 * (epoll on Linux, kqueue on macOS), and every key carries its callback as its attachment, as
 * {@code sel.register(conn, EVENT_READ, read)} does: the listener's accepts, each connection's
 * ({@link NonBlockingConnection}) reads and writes back. The loop only waits, calls back, and
 * applies the interest each callback says it wants next; it never asks what kind of key it holds
 * (04-select's if/else is gone). The callbacks still run on the loop's one thread: a slow one stalls
 * every connection (08-reactors moves the work off it).
 */
public final class SelectorsModel extends Model {

    static final String NAME = "06-selectors";

    private final ByteBuffer scratch; // the loop's one read buffer
    private Selector selector;

    public SelectorsModel() {
        this(Connection.READ_BYTES);
    }

    /** @param readBytes the loop's one read buffer: what each read asks for ({@code --read-kib}) */
    public SelectorsModel(int readBytes) {
        super(NAME);
        scratch = ByteBuffer.allocateDirect(readBytes);
    }

    @Override
    public void start(ServerContext server) throws IOException {
        ServerSocketChannel listener = server.listen();
        selector = server.selector(Selector.open()); // sel = selectors.DefaultSelector(): the best this platform has
        listener.configureBlocking(false);
        SelectionKey acceptKey = listener.register(selector, SelectionKey.OP_ACCEPT);
        Acceptor acceptor = new Acceptor(listener, acceptKey, server);
        // sel.register(server_fileobj, EVENT_READ, accept): the listener's callback, the note's accept()
        acceptKey.attach((Callback) key -> acceptor.acceptWaiting(conn -> conn.register(selector,
                SelectionKey.OP_READ, new NonBlockingConnection(conn, server, scratch)))); // sel.register(conn, EVENT_READ, read)
        IdleSweep idle = IdleSweep.overKeys(selector, server.config());
        server.thread(NAME, loop -> selector.wakeup(), () -> {
            while (server.running()) { // while True:
                long wait = LoopTimer.runDue(acceptor, idle); // accept again after a failure; close idle ones
                // events=sel.select(). Phase 1, waiting for data: the only place this thread blocks, in
                // epoll_wait, for every socket at once. Each ready key is handed to its callback at once.
                selector.select(key -> { // for sel_obj, mask in events:
                    Callback callback = (Callback) key.attachment(); // callback=sel_obj.data
                    int next = callback.onReady(key); // callback(sel_obj.fileobj, mask): it says what it wants next
                    if (next != Callback.ENDED) {
                        key.interestOps(next); // and the loop alone applies it
                    }
                }, wait);
                server.woke();
            }
        });
    }



    /** The selector the loop waits in; package-private so a test can see which one it is. */
    Selector selector() {
        return selector;
    }
}
