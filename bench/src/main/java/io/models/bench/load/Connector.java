package io.models.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.List;

/**
 * Opens one worker's connections without blocking, at most {@link #MAX_CONNECTING} in their
 * handshake at once (the listen backlog of the servers is 1024; a flood of SYNs would overflow it).
 */
final class Connector {

    static final int MAX_CONNECTING = 128;

    private final InetSocketAddress server;
    private final Selector sel;
    private final ArrayDeque<LoadConnection> toConnect;
    private int connecting;
    private int resolved; // connected or failed
    /** Connections opened so far (read by the caller, for the progress line). */
    volatile int connected;

    Connector(InetSocketAddress server, Selector sel, List<LoadConnection> conns) {
        this.server = server;
        this.sel = sel;
        this.toConnect = new ArrayDeque<>(conns);
    }

    /** Every connection is open or has failed. */
    boolean done(int of) {
        return resolved == of;
    }

    /** Starts handshakes until {@link #MAX_CONNECTING} are under way or none is left. */
    void openMore() {
        while (connecting < MAX_CONNECTING && !toConnect.isEmpty()) {
            LoadConnection c = toConnect.poll();
            boolean done;
            try {
                c.ch = SocketChannel.open();
                c.ch.configureBlocking(false);
                c.ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                done = c.ch.connect(server);
                c.ops = done ? 0 : SelectionKey.OP_CONNECT;
                c.key = c.ch.register(sel, c.ops, c);
            } catch (IOException e) {
                resolved++;
                c.fail("connect: " + e.getMessage());
                continue;
            }
            if (done) {
                opened(c);
            } else {
                connecting++;
            }
        }
    }

    /** Its key said the handshake has ended, one way or the other. */
    void finish(LoadConnection c) {
        connecting--;
        try {
            if (!c.ch.finishConnect()) {
                return;
            }
        } catch (IOException e) {
            resolved++;
            c.fail(e.getMessage());
            return;
        }
        opened(c);
    }

    private void opened(LoadConnection c) {
        resolved++;
        connected++;
        try {
            c.opened();
        } catch (IOException e) {
            c.fail(e.getMessage());
        }
    }
}
