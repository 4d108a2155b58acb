package io.models.virtualthreads;

import io.models.common.connection.BlockingConnection;
import io.models.common.server.Model;
import io.models.common.server.ServerContext;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Beyond the note: 二's 一个简单的解决方案, a thread per connection, with the same blocking code
 * ({@link BlockingConnection}: {@code data = conn.recv(...); conn.send(data.upper())}), but each
 * connection on a <em>virtual</em> thread. A virtual thread that blocks on a socket parks: its
 * stack is saved on the heap and its carrier (one of a few platform threads) runs another one. The
 * JDK waits in epoll for every parked socket at once, as 06-selectors does by hand.
 */
public final class VirtualThreadsModel extends Model {

    static final String NAME = "07-virtual-threads";

    /**
     * Bytes read per call, and so the buffer each connection holds while it waits: the note's own
     * {@code recv(1024)}, not the 16 KiB of every other chapter
     * ({@link io.models.common.connection.Connection#READ_BYTES}). A parked connection's stack is on
     * the heap too (about 2 KB), and with 16 KiB buffers 10,000 connections need 185 MiB; with
     * 1 KiB they fit a 64 MiB heap (the README has the measurements). A large message takes 16 times
     * the reads.
     */
    static final int READ_BYTES = 1024;

    public VirtualThreadsModel() {
        super(NAME);
    }

    @Override
    public void start(ServerContext server) throws IOException {
        ServerSocketChannel listener = server.listen(); // socket(), setsockopt(SO_REUSEADDR), bind(), listen()
        // 07-virtual-threads-1, -2, ...: a new virtual thread per connection, each joined at close.
        ExecutorService perConnection = Executors.newThreadPerTaskExecutor(
                server.threads(Thread.ofVirtual().name(NAME + "-", 1).factory()));
        server.onClose(perConnection::shutdownNow); // interrupting a virtual thread parked on its channel closes it
        // The acceptor is one platform thread, as in 02: blocked in accept(2) itself, and visible by
        // name to every thread probe (virtual threads are not in Thread.getAllStackTraces()).
        server.thread(NAME + "-acceptor", Thread::interrupt, () -> {
            while (server.running()) { // while True:
                SocketChannel conn = server.accept(listener); // conn, addr = server.accept(); null: none to serve
                if (conn != null) {
                    BlockingConnection connection = new BlockingConnection(conn, server, READ_BYTES);
                    try {
                        // A message longer than one read goes back in several writes: send each at once
                        // (Nagle's algorithm would hold the second until the client ACKs the first).
                        conn.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    } catch (IOException e) { // the client has gone already
                        connection.end(e);
                        continue;
                    }
                    // 01's loop, on a virtual thread of its own. No kernel thread is started, so 02's
                    // wait for a thread to become available is gone: a virtual thread is a heap object.
                    perConnection.execute(connection);
                }
            }
        });
    }
}
