package io.models.common.connection;

import io.models.common.server.Logging;
import io.models.common.server.Quietly;
import io.models.common.server.ServerConfig;
import io.models.common.server.ServerStats;
import io.models.common.server.Stats;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.channels.NetworkChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The clients of one server, handled the same way in every chapter: who is let in
 * ({@code --max-connections}), and how each connection's start and end are counted and logged.
 * One per server; thread-safe.
 */
public final class Clients {

    static {
        // A process out of file descriptors cannot open a class file, and ending a connection is
        // what frees one: what an end needs is loaded before the first client comes.
        End.values();
        Quietly.class.getName();
    }

    private final ServerConfig config;
    private final ServerStats stats = new ServerStats();
    private final Logger log;
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();

    /** @param name the chapter, such as "04-select": the logger's name */
    public Clients(String name, ServerConfig config) {
        this.config = config;
        this.log = Logging.logger(name);
    }

    public ServerConfig config() {
        return config;
    }

    public ServerStats stats() {
        return stats;
    }

    /** The counters now: what {@code EchoServer.stats()} returns. */
    public Stats snapshot() {
        return stats.snapshot();
    }

    public Logger log() {
        return log;
    }

    /**
     * A client has just been accepted: true if it is to be served. Past {@code --max-connections} it
     * is closed at once instead (its client reads end of stream before any reply), counted as
     * refused, and false; the clients already served are not touched.
     */
    public boolean admit(NetworkChannel conn) {
        String peer = Connection.peerOf(conn);
        if (config.full(stats.active())) {
            Quietly.close(conn, log);
            stats.refused();
            log.log(Level.INFO, "refused {0}: already serving {1} connections (--max-connections)", peer,
                    config.maxConnections());
            return false;
        }
        stats.accepted();
        log.log(Level.INFO, "accepted {0}", peer);
        return true;
    }

    /**
     * Ends every connection still open, as the server closes ({@link End#SERVER}). Only from a
     * thread that may end them: the loop thread of a loop server, or after the threads serving them
     * have stopped.
     */
    public void endAll() {
        open.forEach(c -> c.end(End.SERVER));
    }

    /** A connection was made: it is open until it ends. */
    void opened(Connection c) {
        open.add(c);
    }

    /** A connection has ended (its channel is closed): count it, say why, drop what it still held. */
    void ended(Connection c, String peer, End why, Throwable cause, long unsent) {
        open.remove(c);
        stats.dropped(unsent);
        if (why == End.EOF) { // if/else, not a switch: a switch on an enum loads a class of its own, late
            log.log(Level.INFO, "{0} closed the connection", peer);
        } else if (why == End.RESET) {
            log.log(Level.INFO, "{0} connection ended: {1}", peer, cause == null ? "reset" : cause.getMessage());
        } else if (why == End.IDLE) {
            stats.timedOut();
            log.log(Level.INFO, "{0} sent nothing for {1} s: closed", peer, config.idleTimeout().toSeconds());
        } else if (why == End.FAULT) {
            stats.failed();
            log.log(Level.ERROR, peer + ": handling failed, connection closed", cause);
        } else {
            log.log(Level.DEBUG, "{0} closed by the server", peer);
        }
        stats.closed(why == End.RESET);
    }
}
