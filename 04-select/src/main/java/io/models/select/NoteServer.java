package io.models.select;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.util.Set;

/**
 * 四、多路复用IO: the note's first select server (the one with {@code read_l=[s,]} and
 * {@code except ConnectionResetError}), line by line, each Java statement beside the Python it
 * translates, its bugs kept. Read this first, then {@link SelectModel}, the same model made safe.
 * The JDK only, with the flag its poll(2) selector needs: {@code java --add-exports
 * java.base/sun.nio.ch=ALL-UNNAMED -cp 04-select/target/04-select.jar io.models.select.NoteServer}.
 *
 * <p>The note's second select server differs in this: it calls {@code setblocking(False)} before
 * {@code listen}, prints 'start running....', names its objects {@code server} and {@code obj}, and
 * has neither {@code if not data} nor {@code except ConnectionResetError}. So a client that closes
 * stays on {@code read_l}: select returns it at once, every time, recv gives b'' and send(b'')
 * sends nothing, a loop that burns a core for ever; and a client that resets kills the server.
 */
public final class NoteServer {

    static final String USAGE = "usage: NoteServer [--port PORT]   (PORT: 8081 if not given, 0 for any free one)";

    private NoteServer() {}

    public static void main(String[] args) throws Exception {
        // --port PORT or --help, parsed by hand: this file needs nothing but the JDK. A mistake of
        // yours is one line and the usage; an exception that ends the server, one line too.
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> System.err.println("NoteServer: " + e));
        int port = args.length == 0 ? 8081 // the note's 8081
                : args.length == 2 && args[0].equals("--port") && args[1].matches("\\d{1,5}") ? Integer.parseInt(args[1]) : -1;
        if (port < 0 || port > 65535) { // --help, or a mistake: the usage, and stop
            boolean help = args.length == 1 && args[0].equals("--help");
            (help ? System.out : System.err).println(help ? USAGE
                    : "not a flag of this server: " + String.join(" ", args) + System.lineSeparator() + USAGE);
            System.exit(help ? 0 : 2);
        }

        // the note's first select server, line by line
        ServerSocketChannel s = ServerSocketChannel.open(); // s=socket(AF_INET,SOCK_STREAM)
        s.setOption(StandardSocketOptions.SO_REUSEADDR, true); // s.setsockopt(SOL_SOCKET,SO_REUSEADDR,1)
        s.bind(new InetSocketAddress("127.0.0.1", port), 5); // s.bind(('127.0.0.1',8081)); s.listen(5)
        s.configureBlocking(false); // s.setblocking(False)
        System.out.println("listening on 127.0.0.1:" + s.socket().getLocalPort()); // (not in the note: where it listens)
        // select.select is select(2)/poll(2): the kernel scans the whole list on every call. The JDK's
        // default selector is epoll (that is 七), so ask for its poll(2) one; it is in sun.nio.ch, so
        // without --add-exports java.base/sun.nio.ch=ALL-UNNAMED this throws IllegalAccessException.
        Selector readL = ((SelectorProvider) Class.forName("sun.nio.ch.PollSelectorProvider")
                .getDeclaredConstructor().newInstance()).openSelector();
        s.register(readL, SelectionKey.OP_ACCEPT); // read_l=[s,]: Java keeps the list in the selector
        while (true) { // while True:
            readL.select(); // r_l,w_l,x_l=select.select(read_l,[],[])  (phase 1: blocks for every socket)
            Set<SelectionKey> rL = readL.selectedKeys(); // r_l: the keys of the sockets select found ready
            System.out.println(rL.stream().map(key -> key.channel() == s ? "s" : key.channel()).toList()); // print(r_l)
            for (SelectionKey readyObj : rL) { // for ready_obj in r_l:
                if (readyObj.channel() == s) { // if ready_obj == s:
                    // the note's bug: accept raises when the process is out of descriptors, nothing
                    // catches it, and the server dies.
                    SocketChannel conn = s.accept(); // conn,addr=ready_obj.accept()
                    conn.configureBlocking(false); // (Java registers only non-blocking channels)
                    conn.register(readL, SelectionKey.OP_READ); // read_l.append(conn)
                } else { // else:
                    SocketChannel conn = (SocketChannel) readyObj.channel(); // (the key's socket)
                    try { // try:
                        ByteBuffer data = ByteBuffer.allocate(1024); // data=ready_obj.recv(1024)  (phase 2)
                        if (conn.read(data) < 0) { // if not data:
                            // read_l.remove(ready_obj): closing a channel takes it off its selector.
                            // (CPython closes the socket then too, when nothing refers to it any more.)
                            conn.close();
                            continue; // continue
                        }
                        // the note's bug: send takes what the kernel has room for and says how much;
                        // the rest is dropped. Python's blocking conn would wait here instead (and stop
                        // every other client); Java's selector needs conn non-blocking, so a client that
                        // reads slower than it sends loses part of its replies, silently.
                        conn.write(upper(data.flip())); // ready_obj.send(data.upper())
                    } catch (IOException e) { // except ConnectionResetError:  (any IOException in Java)
                        conn.close(); // read_l.remove(ready_obj)
                    }
                }
            }
            rL.clear(); // (Python's select returns a new r_l; Java's set keeps its keys till cleared)
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
