package io.models.common.server;

import io.models.common.connection.AcceptBackoff;
import io.models.common.connection.Connection;
import io.models.common.connection.End;
import java.io.Closeable;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A server's connections as they come and go: who is let in ({@code --max-connections}), the ones
 * open now, and the counter and log line of each that is accepted, refused or ends.
 */
final class OpenConnections {

    static {
        // A process out of file descriptors cannot open a class file, and ending a connection is
        // what frees one: what an end needs is loaded before the first client comes.
        End.values();
        Quietly.class.getName();
    }

    private final ServerConfig config;
    private final Counters counters;
    private final Logger log;
    private final AcceptBackoff backoff;
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();

    OpenConnections(ServerConfig config, Counters counters, Logger log, AcceptBackoff backoff) {
        this.config = config;
        this.counters = counters;
        this.log = log;
        this.backoff = backoff;
    }

    /** See {@link ServerContext#admit(String, Closeable)}. */
    boolean admit(String peer, Closeable conn) {
        if (config.full(counters.active())) {
            Quietly.close(conn, log);
            counters.refused();
            log.log(Level.INFO, "refused {0}: already serving {1} connections (--max-connections)", peer,
                    config.maxConnections());
            return false;
        }
        counters.accepted();
        log.log(Level.INFO, "accepted {0}", peer);
        return true;
    }

    /** See {@link ServerContext#accept(ServerSocketChannel)}. */
    SocketChannel accept(ServerSocketChannel listener) {
        SocketChannel conn;
        try {
            conn = listener.accept(); // blocks until a client has connected
        } catch (AsynchronousCloseException e) {
            return null; // stop() closed the listener, or interrupted this thread
        } catch (IOException e) { // not a reason to stop serving: the clients wait in the backlog
            backoff.waitAfter(e); // stop() interrupts the wait too
            return null;
        }
        backoff.succeeded();
        return admit(Connection.peerOf(conn), conn) ? conn : null;
    }

    void opened(Connection c) {
        open.add(c);
    }

    void ended(Connection c, String peer, End why, Throwable cause, long unsent) {
        open.remove(c);
        ended(peer, why, cause, unsent);
    }

    /** See {@link ServerContext#ended(String, End, Throwable, long)}. */
    void ended(String peer, End why, Throwable cause, long unsent) {
        counters.dropped(unsent);
        if (why == End.EOF) { // if/else, not a switch: a switch on an enum loads a class of its own, late
            log.log(Level.INFO, "{0} closed the connection", peer);
        } else if (why == End.RESET) {
            log.log(Level.INFO, "{0} connection ended: {1}", peer, cause == null ? "reset" : cause.getMessage());
        } else if (why == End.IDLE) {
            counters.timedOut();
            log.log(Level.INFO, "{0} sent nothing for {1} s: closed", peer, config.idleTimeout().toSeconds());
        } else if (why == End.FAULT) {
            counters.failed();
            log.log(Level.ERROR, peer + ": handling failed, connection closed", cause);
        } else {
            log.log(Level.DEBUG, "{0} closed by the server", peer);
        }
        counters.closed(why == End.RESET);
    }

    /** Ends every connection still open ({@link End#SERVER}). */
    void endAll() {
        open.forEach(c -> c.end(End.SERVER));
    }
}
