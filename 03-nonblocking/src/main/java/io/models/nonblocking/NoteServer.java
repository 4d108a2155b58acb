package io.models.nonblocking;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * 三、非阻塞IO: the note's server, line by line, each Java statement beside the Python it translates,
 * its bugs kept. Read this first, then {@link NonBlockingModel}, which is the same model made safe.
 * The JDK only: {@code java -cp 03-nonblocking/target/03-nonblocking.jar io.models.nonblocking.NoteServer}.
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
        ServerSocketChannel severt = ServerSocketChannel.open(); // severt = socket(AF_INET,SOCK_STREAM)  (sic)
        severt.setOption(StandardSocketOptions.SO_REUSEADDR, true); // severt.setsockopt(SOL_SOCKET,SO_REUSEADDR,1)
        // severt.bind(('127.0.0.1',8080)) and severt.listen(5): Java binds and listens in one call
        severt.bind(new InetSocketAddress("127.0.0.1", port), 5);
        severt.configureBlocking(false); // severt.setblocking(False)
        System.out.println("startting.... listening on 127.0.0.1:" + severt.socket().getLocalPort()); // print('startting....')
        List<SocketChannel> connL = new ArrayList<>(); // conn_l = []
        List<SocketChannel> delL = new ArrayList<>(); // del_l =[]
        while (true) { // while True:
            // try: print(conn_l) is left out: it prints on every pass, thousands of lines a second
            SocketChannel conn = severt.accept(); // conn,addr = severt.accept()
            if (conn != null) { // (a client was waiting: no BlockingIOError)
                System.out.println(conn); // print(conn)
                connL.add(conn); // conn_l.append(conn)
            } else { // except BlockingIOError:  (Java's accept returns null instead of raising)
                for (SocketChannel c : connL) { // for conn in conn_l:  (c: Java has a conn in scope already)
                    try { // try:
                        ByteBuffer data = ByteBuffer.allocate(1024); // data = conn.recv(1024)
                        // the note's bug: conn was never made non-blocking (no conn.setblocking(False)).
                        // Windows and macOS hand it the listener's mode, Linux does not (Python's socket
                        // is blocking there too), and Java's accept always returns a blocking channel.
                        // So this recv waits until this client sends: meanwhile nobody is accepted and
                        // nobody else is served.
                        c.read(data); // (the read into data)
                        c.write(upper(data.flip())); // conn.send(data.upper())
                        // except BlockingIOError: pass has nothing to catch: conn is blocking (and a
                        // non-blocking read returns 0 instead of raising, and then nothing is sent)
                    } catch (IOException e) { // except ConnectionResetError:  (any IOException in Java)
                        // the note's bug: only a reset takes a connection off conn_l. A client that closes
                        // normally stays on it for ever (recv returns b'', send(b'') sends nothing): its
                        // socket is never closed, and every pass reads its end of stream again.
                        delL.add(c); // del_l.append(conn)
                    }
                }
                for (SocketChannel obj : delL) { // for obj in del_l:
                    obj.close(); // obj.close()
                    connL.remove(obj); // conn_l.remove(obj)
                }
                delL.clear(); // del_l.clear()
            }
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
