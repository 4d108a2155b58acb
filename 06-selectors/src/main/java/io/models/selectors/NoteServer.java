package io.models.selectors;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * 七、selectors模块: the note's server, line by line, each Java statement beside the Python it
 * translates, its bugs kept (its {@code _SB} too). Read this first, then {@link SelectorsModel},
 * the same model made safe.
 * The JDK only: {@code java -cp 06-selectors/target/06-selectors.jar io.models.selectors.NoteServer}.
 */
public final class NoteServer {

    static final String USAGE = "usage: NoteServer [--port PORT]   (PORT: 8088 if not given, 0 for any free one)";

    /** What sel.register keeps with a socket, for the loop to call back: the note's accept or read. */
    interface Callback { void call(SelectableChannel fileobj, int mask) throws IOException; }

    static Selector sel; // sel=selectors.DefaultSelector()  (opened first thing in main)

    private NoteServer() {}

    static void accept(ServerSocketChannel serverFileobj, int mask) throws IOException { // def accept(server_fileobj,mask):
        // the note's bug: accept raises when the process is out of descriptors, nothing catches it,
        // and the server dies.
        SocketChannel conn = serverFileobj.accept(); // conn,addr=server_fileobj.accept()
        conn.configureBlocking(false); // (Java registers only non-blocking channels)
        // sel.register(conn,selectors.EVENT_READ,read)
        conn.register(sel, SelectionKey.OP_READ, (Callback) (c, m) -> read((SocketChannel) c, m));
    }

    static void read(SocketChannel conn, int mask) throws IOException { // def read(conn,mask):
        try { // try:
            ByteBuffer data = ByteBuffer.allocate(1024); // data=conn.recv(1024)  (phase 2 only: it is ready)
            if (conn.read(data) < 0) { // if not data:
                System.out.println("closing " + conn); // print('closing',conn)
                conn.keyFor(sel).cancel(); // sel.unregister(conn)
                conn.close(); // conn.close()
                return; // return
            }
            // the note's bug: _SB goes after each recv's bytes, so what comes back depends on how TCP
            // cut the request: "hello" read at once gives HELLO_SB, read as "hel" and "lo" gives
            // HEL_SBLO_SB, and a 3000-byte line gets _SB three times or more.
            // the note's bug: send takes what the kernel has room for and says how much; the rest is
            // dropped. Python's blocking conn would wait here instead (and stop every other client);
            // Java's selector needs conn non-blocking, so a client that reads slower than it sends
            // loses part of its replies, silently.
            // conn.send(data.upper()+b'_SB')
            conn.write(ByteBuffer.allocate(data.position() + 3).put(upper(data.flip())).put(new byte[] {'_', 'S', 'B'}).flip());
        } catch (Exception e) { // except Exception:
            System.out.println("closing " + conn); // print('closing', conn)
            conn.keyFor(sel).cancel(); // sel.unregister(conn)
            conn.close(); // conn.close()
        }
    }

    public static void main(String[] args) throws Exception {
        // --port PORT or --help, parsed by hand: this file needs nothing but the JDK. A mistake of
        // yours is one line and the usage; an exception that ends the server, one line too.
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> System.err.println("NoteServer: " + e));
        int port = args.length == 0 ? 8088 // the note's 8088
                : args.length == 2 && args[0].equals("--port") && args[1].matches("\\d{1,5}") ? Integer.parseInt(args[1]) : -1;
        if (port < 0 || port > 65535) { // --help, or a mistake: the usage, and stop
            boolean help = args.length == 1 && args[0].equals("--help");
            (help ? System.out : System.err).println(help ? USAGE
                    : "not a flag of this server: " + String.join(" ", args) + System.lineSeparator() + USAGE);
            System.exit(help ? 0 : 2);
        }

        // the note's server, line by line
        sel = Selector.open(); // sel=selectors.DefaultSelector()  (epoll on Linux, kqueue on macOS)
        ServerSocketChannel serverFileobj = ServerSocketChannel.open(); // server_fileobj=socket(AF_INET,SOCK_STREAM)
        serverFileobj.setOption(StandardSocketOptions.SO_REUSEADDR, true); // server_fileobj.setsockopt(SOL_SOCKET,SO_REUSEADDR,1)
        // server_fileobj.bind(('127.0.0.1',8088)) and server_fileobj.listen(5): Java does both in one call
        serverFileobj.bind(new InetSocketAddress("127.0.0.1", port), 5);
        serverFileobj.configureBlocking(false); // server_fileobj.setblocking(False)
        System.out.println("listening on 127.0.0.1:" + serverFileobj.socket().getLocalPort()); // (not in the note: where it listens)
        // sel.register(server_fileobj,selectors.EVENT_READ,accept): a listener's "read" is OP_ACCEPT in Java
        serverFileobj.register(sel, SelectionKey.OP_ACCEPT, (Callback) (c, m) -> accept((ServerSocketChannel) c, m));
        while (true) { // while True:
            sel.select(); // events=sel.select()  (phase 1: blocks, in epoll_wait, for every socket)
            for (SelectionKey selObj : sel.selectedKeys()) { // for sel_obj,mask in events:
                Callback callback = (Callback) selObj.attachment(); // callback=sel_obj.data
                callback.call(selObj.channel(), selObj.readyOps()); // callback(sel_obj.fileobj,mask)
            }
            sel.selectedKeys().clear(); // (Python's select returns new events; Java's set keeps them till cleared)
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
