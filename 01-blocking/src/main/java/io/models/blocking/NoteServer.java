package io.models.blocking;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * 二、阻塞IO: the note's server, line by line, each Java statement beside the Python it translates,
 * its bugs kept. Read this first, then {@link BlockingModel}, which is the same model made safe.
 * The JDK only: {@code java -cp 01-blocking/target/01-blocking.jar io.models.blocking.NoteServer}.
 */
public final class NoteServer {

    static final String USAGE = "usage: NoteServer [--port PORT]   (PORT: 8080 if not given, 0 for any free one)";

    private NoteServer() {}

    public static void main(String[] args) throws Exception {
        // --port PORT or --help, parsed by hand: this file needs nothing but the JDK. A mistake of
        // yours is one line and the usage; an exception that ends the server, one line too.
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> System.err.println("NoteServer: " + e));
        int port = args.length == 0 ? 8080 // the note's 8080
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
            SocketChannel conn = server.accept(); // conn,addr = server.accept()  (blocks: both phases)
            System.out.println(conn.getRemoteAddress()); // print(addr)
            while (true) { // while True:
                try { // try:
                    ByteBuffer data = ByteBuffer.allocate(1024); // data = conn.recv(1024): a buffer,
                    conn.read(data); // and the read into it (blocks: both phases)
                    // the note's bug: once the client has closed, recv returns b'' at once and send(b'')
                    // sends nothing, without an error, so this loop goes round for ever, burning a core,
                    // and the next client is never accepted. Java does the same: read returns -1 and
                    // leaves data empty, and writing an empty buffer writes nothing. (On Windows, where
                    // the note was written, a client that quits resets the connection: recv raises.)
                    conn.write(upper(data.flip())); // conn.send(data.upper())
                } catch (Exception e) { // except Exception:  (a reset: the Windows client's way to leave)
                    break; // break
                }
            }
            conn.close(); // conn.close()
        }
        // server.close() comes after `while True:` in the note and is never reached; Java does not
        // compile a statement it can prove unreachable, so it stays a comment here.
    }

    /** data.upper(): a-z become A-Z, every other byte stays as it is. */
    static ByteBuffer upper(ByteBuffer data) {
        for (int i = data.position(); i < data.limit(); i++) {
            data.put(i, (byte) (data.get(i) - (data.get(i) >= 'a' && data.get(i) <= 'z' ? 'a' - 'A' : 0)));
        }
        return data;
    }
}
