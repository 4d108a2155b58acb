package io.models.select;

import io.models.common.connection.AcceptBackoff;
import io.models.common.connection.BlockingEcho;
import io.models.common.connection.Outbox;
import io.models.common.server.EchoServer;
import io.models.common.server.EventLoop;
import io.models.common.server.Logging;
import io.models.common.server.Net;
import io.models.common.server.ServerConfig;
import io.models.common.server.ServerStats;
import io.models.common.server.Stats;
import io.models.common.server.Threads;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.util.Iterator;

/**
 * 四、多路复用IO (IO multiplexing): one thread, one {@code select} call watching every socket.
 * The process blocks in {@code select} (here poll(2): the kernel scans every registered descriptor
 * on every call) instead of in {@code recv}; when it returns, the thread accepts, reads and writes
 * only the sockets that are ready, so none of those calls waits for data.
 *
 * <p>The note's loop, {@code r_l, w_l, x_l = select.select(read_l, [], [])}: if the ready object
 * is the listener, accept and add the connection to the read list; otherwise recv and send back.
 * Unlike the note's {@code send}, a reply the kernel does not take at once is kept (common's
 * {@link Outbox}) and the socket moves from the read list to the write list until it is sent.
 *
 * <p>The same thread keeps two timers: the idle timeout (only when it is on) and, while out of
 * descriptors, when to accept again. {@code select} waits no longer than until the next one is
 * due; with neither, it waits until a socket is ready, and an idle server makes no calls at all.
 */
public final class SelectServer implements EchoServer, EventLoop {

    static final String NAME = "04-select";
    static final String POLL_PROVIDER = "sun.nio.ch.PollSelectorProvider";
    static final String ADD_EXPORTS = "--add-exports java.base/sun.nio.ch=ALL-UNNAMED";
    private static final Logger log = Logging.logger(NAME);

    private final ServerConfig config;
    private final SelectorProvider poll;
    private final ServerStats stats = new ServerStats();
    private ServerSocketChannel server;
    private Selector selector;
    private Thread thread;
    private volatile boolean closing;
    private volatile long wakeups; // written by the loop thread only
    // The loop thread's own: the listener's key, when to accept again, when to look for idle ones.
    private SelectionKey acceptKey;
    private final AcceptBackoff backoff = new AcceptBackoff(log);
    private long acceptAgainAt;
    private long nextIdleScan;

    /**
     * One connection's state: what is still to be sent, whether the client has sent EOF, and since
     * when the server has been waiting for it to send something (System.nanoTime).
     */
    private static final class Conn {
        final Outbox outbox;
        final String peer;
        boolean ended;
        long quietSince;

        Conn(Outbox outbox, String peer, long now) {
            this.outbox = outbox;
            this.peer = peer;
            this.quietSince = now;
        }
    }

    /**
     * @throws UnsupportedOperationException if the JVM cannot open a poll(2) selector (the
     *         message is one line naming what is missing, usually {@value #ADD_EXPORTS})
     */
    public SelectServer(ServerConfig config) {
        this.config = config;
        this.poll = pollProvider();
    }

    /**
     * The JDK's poll(2) selector provider. The class is public but lives in sun.nio.ch, which
     * java.base exports to no one: without {@value #ADD_EXPORTS} its constructor is not accessible.
     */
    static SelectorProvider pollProvider() {
        return provider(POLL_PROVIDER);
    }

    static SelectorProvider provider(String className) {
        try {
            return (SelectorProvider) Class.forName(className).getDeclaredConstructor().newInstance();
        } catch (IllegalAccessException e) {
            throw new UnsupportedOperationException(NAME + ": cannot open a poll(2) selector: run java with "
                    + ADD_EXPORTS + " (java -jar " + NAME + ".jar adds it from the jar's manifest)");
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new UnsupportedOperationException(NAME + ": this JVM has no " + className
                    + " (poll(2) selectors exist on Linux and macOS): " + e);
        }
    }

    @Override
    public void start() throws IOException {
        // read_l = [server]. The listener and every connection are ordinary channels of the default
        // provider (Net.listen, accept). They may register with the poll provider's selector: any
        // JDK selector takes any JDK channel (SelectorImpl.register only asks for a SelChImpl),
        // so no IllegalSelectorException; SelectLessonTest checks it.
        server = Net.listen(config);
        try {
            selector = poll.openSelector();
            server.configureBlocking(false);
            acceptKey = server.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException | RuntimeException e) {
            Threads.close(server, log);
            if (selector != null) {
                Threads.close(selector, log);
            }
            throw e;
        }
        thread = Thread.ofPlatform().name(NAME).start(this::run);
    }

    /** The note's {@code while True: r_l, w_l, x_l = select.select(read_l, [], [])}. */
    private void run() {
        ByteBuffer scratch = ByteBuffer.allocate(BlockingEcho.BUFFER_BYTES); // one per thread
        try {
            nextIdleScan = System.nanoTime() + scanEvery();
            while (!closing) {
                // phase 1: the whole thread blocks here, in poll(2), for every socket at once
                // (and no longer than until the next timer; with none, until a socket is ready)
                selector.select(millisUntilNextTimer());
                wakeups++;
                long now = System.nanoTime();
                Iterator<SelectionKey> ready = selector.selectedKeys().iterator();
                while (ready.hasNext()) {
                    SelectionKey key = ready.next();
                    ready.remove();
                    if (key == acceptKey) { // if ready_obj == s
                        accept(now);
                    } else {
                        serve(key, scratch, now);
                    }
                }
                if (acceptKey.interestOps() == 0 && now - acceptAgainAt >= 0) {
                    acceptKey.interestOps(SelectionKey.OP_ACCEPT); // back on the read list: try again
                }
                if (config.hasIdleTimeout() && now - nextIdleScan >= 0) {
                    closeIdle(now);
                }
            }
        } catch (IOException e) {
            log.log(Level.ERROR, "select failed", e);
        } finally {
            closeEverything();
        }
    }

    /** Milliseconds for select(): until the next timer is due (at least 1), or 0, no limit, if none is set. */
    private long millisUntilNextTimer() {
        long now = System.nanoTime();
        long wait = Long.MAX_VALUE;
        if (acceptKey.interestOps() == 0) { // out of descriptors: accepting is paused
            wait = acceptAgainAt - now;
        }
        if (config.hasIdleTimeout()) {
            wait = Math.min(wait, nextIdleScan - now);
        }
        return wait == Long.MAX_VALUE ? 0 : Math.max(1, Math.ceilDiv(wait, 1_000_000));
    }

    /** conn, addr = s.accept(); read_l.append(conn): every connection waiting, none blocks. */
    private void accept(long now) {
        try {
            for (SocketChannel conn = server.accept(); conn != null; conn = server.accept()) {
                backoff.succeeded();
                if (config.full(stats.active())) { // --max-connections
                    Net.refuse(conn, config, stats, log);
                    continue;
                }
                stats.accepted();
                String peer = Net.peer(conn);
                log.log(Level.INFO, "accepted {0}", peer);
                try {
                    conn.configureBlocking(false);
                    conn.register(selector, SelectionKey.OP_READ,
                            new Conn(new Outbox(stats, config.transform()), peer, now));
                } catch (IOException e) {
                    log.log(Level.INFO, "{0} connection ended: {1}", peer, e.getMessage());
                    Threads.close(conn, log);
                    stats.closed(true);
                }
            }
        } catch (IOException e) {
            // Out of file descriptors, say: the client stays in the backlog and the listener stays
            // readable, so select would return at once, again and again. Take the listener off the
            // read list instead, and put it back after ACCEPT_RETRY.
            backoff.failed(e);
            acceptKey.interestOps(0);
            acceptAgainAt = now + Net.ACCEPT_RETRY.toNanos();
        }
    }

    /** data = conn.recv(1024); conn.send(data.upper()), for one ready connection. */
    private void serve(SelectionKey key, ByteBuffer scratch, long now) {
        SocketChannel conn = (SocketChannel) key.channel();
        Conn c = (Conn) key.attachment();
        try {
            if (key.isWritable()) { // on the write list: the kernel has room for the rest of a reply
                if (!c.outbox.flush(conn)) {
                    return; // still more than the kernel takes: stay on the write list
                }
                if (c.ended) {
                    close(key, c, false); // the client's EOF came meanwhile: all sent, now close
                } else {
                    key.interestOps(SelectionKey.OP_READ); // back to the read list
                    c.quietSince = now; // the idle clock runs only while we wait to read
                }
            } else if (key.isReadable()) {
                int n = c.outbox.echo(conn, scratch); // phase 2 only: the data is already there
                if (n > 0) {
                    c.quietSince = now;
                } else if (n < 0) {
                    log.log(Level.INFO, "{0} closed the connection", c.peer); // EOF: not data
                    c.ended = true;
                }
                if (!c.outbox.isEmpty()) {
                    key.interestOps(SelectionKey.OP_WRITE); // stop reading it until the rest is sent
                } else if (c.ended) {
                    close(key, c, false);
                }
            }
        } catch (IOException e) {
            log.log(Level.INFO, "{0} connection ended: {1}", c.peer, e.getMessage()); // ConnectionResetError
            close(key, c, true);
        } catch (RuntimeException e) { // our fault (the transform), not the client's: this one only
            stats.failed();
            log.log(Level.ERROR, c.peer + ": handling failed, connection closed", e);
            close(key, c, false);
        }
    }

    /** --idle-timeout: close every connection we have waited on to read for that long. */
    private void closeIdle(long now) {
        for (SelectionKey key : selector.keys()) { // only every timeout/4, not on every wake-up
            if (key.isValid() && key.attachment() instanceof Conn c && c.outbox.isEmpty()
                    && now - c.quietSince >= config.idleTimeout().toNanos()) {
                stats.timedOut();
                log.log(Level.INFO, "{0} sent nothing for {1} s: closed", c.peer, config.idleTimeout().toSeconds());
                close(key, c, false);
            }
        }
        nextIdleScan = now + scanEvery();
    }

    private long scanEvery() {
        return config.idleTimeout().toNanos() / 4;
    }

    /** read_l.remove(conn); conn.close(): closing the channel also cancels its key. */
    private void close(SelectionKey key, Conn c, boolean reset) {
        Threads.close(key.channel(), log);
        c.outbox.discard();
        stats.closed(reset);
    }

    /** On the loop thread, as it ends: every connection, then the listener and the selector. */
    private void closeEverything() {
        for (SelectionKey key : selector.keys()) {
            if (key.isValid() && key.attachment() instanceof Conn c) { // a cancelled key is already counted
                close(key, c, false);
            }
        }
        Threads.close(server, log);
        Threads.close(selector, log);
    }

    @Override
    public int port() {
        return Net.port(server);
    }

    @Override
    public Stats stats() {
        return stats.snapshot();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int keyCount() {
        return selector.keys().size(); // a racy read from another thread is fine for a count
    }

    @Override
    public long wakeups() {
        return wakeups;
    }

    /** The selector the loop runs on (for the lesson test: which provider made it). */
    Selector selector() {
        return selector;
    }

    /** The listener (for the lesson test: a default-provider channel registered with it). */
    ServerSocketChannel listener() {
        return server;
    }

    @Override
    public void close() {
        if (thread == null || closing) {
            return;
        }
        closing = true;
        selector.wakeup(); // select() returns; the loop sees closing and closes everything itself
        Threads.join(thread);
    }
}
