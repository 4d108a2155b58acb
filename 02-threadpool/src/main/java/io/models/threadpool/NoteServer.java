package io.models.threadpool;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * 二、一个简单的解决方案: the note had no code here, only the prose "在服务器端使用多线程…让每个连接都
 * 拥有独立的线程,这样任何一个连接的阻塞都不会影响其他的连接". So this is the shortest Java that does what
 * it says: 01's NoteServer (the note's 二 server, line by line), its inner loop moved to a thread of
 * its own for each connection, its bug kept. Read this first, then {@link ThreadPoolModel}.
 * The JDK only: {@code java -cp 02-threadpool/target/02-threadpool.jar io.models.threadpool.NoteServer}.
 */
public final class NoteServer {

    static final String USAGE = "usage: NoteServer [--port PORT]   (PORT: 8082 if not given, 0 for any free one)";

    private NoteServer() {}

    public static void main(String[] args) throws Exception {
        // --port PORT or --help, parsed by hand: this file needs nothing but the JDK. A mistake of
        // yours is one line and the usage; an exception that ends the server, one line too.
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> System.err.println("NoteServer: " + e));
        int port = args.length == 0 ? 8082 // the note has none here: the chapter's
                : args.length == 2 && args[0].equals("--port") && args[1].matches("\\d{1,5}") ? Integer.parseInt(args[1]) : -1;
        if (port < 0 || port > 65535) { // --help, or a mistake: the usage, and stop
            boolean help = args.length == 1 && args[0].equals("--help");
            (help ? System.out : System.err).println(help ? USAGE
                    : "not a flag of this server: " + String.join(" ", args) + System.lineSeparator() + USAGE);
            System.exit(help ? 0 : 2);
        }

        // the note's server, line by line
        ServerSocketChannel server = ServerSocketChannel.open(); // server = socket(AF_INET,SOCK_STREAM)
        server.setOption(StandardSocketOptions.SO_REUSEADDR, true); // server.setsockopt(SOL_SOCKET,SO_REUSEADDR,1)
        // server.bind(('127.0.0.1',8080)) and server.listen(5): Java binds and listens in one call
        server.bind(new InetSocketAddress("127.0.0.1", port), 5);
        System.out.println("start runnig... listening on 127.0.0.1:" + server.socket().getLocalPort()); // print('start runnig...')
        while (true) { // while True:
            SocketChannel conn = server.accept(); // conn,addr = server.accept()  (blocks this thread only)
            System.out.println(conn.getRemoteAddress()); // print(addr)
            new Thread(() -> talk(conn)).start(); // 每个连接都拥有独立的线程: the loop below, on a thread of its own
        }
    }

    /**
     * 01's inner loop for one connection, on that connection's thread. A thread's code cannot throw
     * an exception on, so the note's try/except goes round the whole loop, and try (conn) closes it.
     */
    static void talk(SocketChannel conn) {
        try (conn) { // conn.close(), once the loop is left
            while (true) { // while True:
                ByteBuffer data = ByteBuffer.allocate(1024); // data = conn.recv(1024): a buffer,
                conn.read(data); // and the read into it (blocks this thread only)
                // the note's bug (二's loop, kept): once the client has closed, recv returns b'' at once
                // and send(b'') sends nothing, so this loop goes round for ever. Here the others are
                // still served, but each client that has left keeps a thread burning a core.
                conn.write(upper(data.flip())); // conn.send(data.upper())
            }
        } catch (Exception e) { // except Exception: break  (a reset: the Windows client's way to leave)
            // out of the loop, as the note's break; try (conn) has closed the connection
        }
    }

    /** data.upper(): a-z become A-Z, every other byte stays as it is. */
    static ByteBuffer upper(ByteBuffer data) {
        for (int i = data.position(); i < data.limit(); i++) {
            data.put(i, (byte) (data.get(i) - (data.get(i) >= 'a' && data.get(i) <= 'z' ? 'a' - 'A' : 0)));
        }
        return data;
    }
}
