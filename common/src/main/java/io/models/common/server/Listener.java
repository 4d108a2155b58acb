package io.models.common.server;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/** Small socket helpers shared by the chapters. */
public final class Net {

    /**
     * How long a server waits before accepting again after {@code accept()} failed (out of file
     * descriptors, say). Trying again at once would fail at once, in a loop that burns a core
     * while the clients wait in the backlog; by then a connection may have closed and freed one.
     */
    public static final Duration ACCEPT_RETRY = Duration.ofMillis(100);

    private Net() {
    }

    /** A listener bound as every chapter binds: SO_REUSEADDR (so a restart binds at once), backlog. */
    public static ServerSocketChannel listen(ServerConfig config) throws IOException {
        ServerSocketChannel listener = ServerSocketChannel.open();
        try {
            listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            listener.bind(new InetSocketAddress(config.host(), config.port()), config.backlog());
            return listener;
        } catch (IOException | RuntimeException e) {
            listener.close();
            throw e;
        }
    }

    /** The bound port of a listener. */
    public static int port(NetworkChannel listener) {
        try {
            return ((InetSocketAddress) listener.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new IllegalStateException("listener is closed", e);
        }
    }

    /**
     * Refuses a connection over {@code --max-connections}: closes it at once, so its client reads end
     * of stream before any reply, and counts it. The ones already served are not touched.
     */
    public static void refuse(NetworkChannel conn, ServerConfig config, ServerStats stats, Logger log) {
        String peer = peer(conn);
        Threads.close(conn, log);
        stats.refused();
        log.log(Level.INFO, "refused {0}: already serving {1} connections (--max-connections)", peer,
                config.maxConnections());
    }

    /** The remote address of a connection, for log lines ("/127.0.0.1:40412"). */
    public static String peer(NetworkChannel conn) {
        try {
            Object remote = conn instanceof SocketChannel s ? s.getRemoteAddress()
                    : conn instanceof AsynchronousSocketChannel a ? a.getRemoteAddress()
                    : conn.getLocalAddress();
            return String.valueOf(remote);
        } catch (IOException e) {
            return "(closed)";
        }
    }
}
