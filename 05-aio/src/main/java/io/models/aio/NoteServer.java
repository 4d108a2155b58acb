package io.models.aio;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;

/**
 * 五、异步IO: the note had no code here, only the prose "用户进程发起read操作之后,立刻就可以开始去做其它
 * 的事 … kernel会等待数据准备完成,然后将数据拷贝到用户内存,当这一切都完成之后,kernel会给用户进程发送一个
 * signal,告诉它read操作完成了". So this is the shortest Java that does what it says: NIO.2's
 * completion handlers alone, reading 1024 bytes at a time like the note's servers, with nothing
 * of the full server's limits, timeouts or retries. Read this first, then {@link AioModel}.
 * The JDK only: {@code java -cp 05-aio/target/05-aio.jar io.models.aio.NoteServer}.
 */
public final class NoteServer {

    static final String USAGE = "usage: NoteServer [--port PORT]   (PORT: 8085 if not given, 0 for any free one)";

    private NoteServer() {}

    public static void main(String[] args) throws Exception {
        // --port PORT or --help, parsed by hand: this file needs nothing but the JDK. A mistake of
        // yours is one line and the usage; an exception that ends the server, one line too.
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> System.err.println("NoteServer: " + e));
        int port = args.length == 0 ? 8085 // the note has none here: the chapter's
                : args.length == 2 && args[0].equals("--port") && args[1].matches("\\d{1,5}") ? Integer.parseInt(args[1]) : -1;
        if (port < 0 || port > 65535) { // --help, or a mistake: the usage, and stop
            boolean help = args.length == 1 && args[0].equals("--help");
            (help ? System.out : System.err).println(help ? USAGE
                    : "not a flag of this server: " + String.join(" ", args) + System.lineSeparator() + USAGE);
            System.exit(help ? 0 : 2);
        }

        AsynchronousServerSocketChannel server = AsynchronousServerSocketChannel.open();
        // (the JDK turns SO_REUSEADDR on for every server socket on Linux and macOS)
        server.bind(new InetSocketAddress("127.0.0.1", port), 5);
        System.out.println("listening on 127.0.0.1:" + ((InetSocketAddress) server.getLocalAddress()).getPort());
        // 发起read操作之后,立刻就可以开始去做其它的事: accept returns at once, and the JDK calls completed()
        // once a client is in (on Linux it emulates this with epoll and a pool of its own threads)
        server.accept(null, new CompletionHandler<AsynchronousSocketChannel, Void>() {
            public void completed(AsynchronousSocketChannel conn, Void nothing) {
                server.accept(null, this); // the next client, whenever it comes
                new Connection(conn, ByteBuffer.allocate(1024)).read();
            }

            public void failed(Throwable e, Void nothing) { // out of descriptors, say
                System.out.println("accept failed, and is not tried again: " + e);
            }
        });
        Thread.currentThread().join(); // the rest happens in the handlers, on the JDK's threads: daemons, so wait
    }

    /** One client: its buffer, and the one handler of its reads and writes (the attachment: a read?). */
    record Connection(AsynchronousSocketChannel conn, ByteBuffer data) implements CompletionHandler<Integer, Boolean> {

        void read() { // returns at once: the kernel waits for the data and copies it into data
            conn.read(data.clear(), true, this);
        }

        public void completed(Integer n, Boolean read) { // the note's signal: done, both phases
            if (n < 0) {
                close(); // the client has closed
            } else if (read) {
                conn.write(upper(data.flip()), false, this); // the bytes are in data: write them back
            } else if (data.hasRemaining()) {
                conn.write(data, false, this); // the kernel took only part of them: the rest
            } else {
                read(); // all written: the next read
            }
        }

        public void failed(Throwable e, Boolean read) { // a reset, say
            close();
        }

        void close() {
            try {
                conn.close();
            } catch (IOException e) {
                System.out.println(conn + ": " + e);
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
