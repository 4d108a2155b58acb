package io.models.select;

import io.models.common.connection.Acceptor;
import io.models.common.connection.Callback;
import io.models.common.connection.Connection;
import io.models.common.connection.IdleSweep;
import io.models.common.connection.LoopTimer;
import io.models.common.connection.NonBlockingConnection;
import io.models.common.server.Model;
import io.models.common.server.ServerContext;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.spi.SelectorProvider;

/**
 * 四、多路复用IO (IO multiplexing): one thread, one {@code select} call watching every socket.
 * The process blocks in {@code select} (here poll(2): the kernel scans every registered descriptor
 * on every call) instead of in {@code recv}; when it returns, the thread accepts, reads and writes
 * only the sockets that are ready, so none of those calls waits for data.
 *
 * <p>The note's loop, {@code r_l, w_l, x_l = select.select(read_l, [], [])}: if the ready object
 * is the listener, accept and add the connection to the read list; otherwise recv and send back.
 * Each branch returns the interest it wants next and the loop alone applies it. Unlike the note's
 * {@code send}, a reply the kernel does not take at once is kept, and the socket moves from the
 * read list to the write list until it is sent ({@link NonBlockingConnection}).
 */
public final class SelectModel extends Model {

    static final String NAME = "04-select";
    static final String POLL_PROVIDER = "sun.nio.ch.PollSelectorProvider";
    static final String ADD_EXPORTS = "--add-exports java.base/sun.nio.ch=ALL-UNNAMED";

    private final SelectorProvider poll = provider(POLL_PROVIDER);
    private final ByteBuffer scratch; // the loop's one read buffer
    private ServerSocketChannel listener;
    private Selector selector;

    /**
     * The JDK's poll(2) selector provider. The class is public but lives in sun.nio.ch, which
     * java.base exports to no one: without {@value #ADD_EXPORTS} its constructor is not accessible.
     *
     * @throws UnsupportedOperationException one line naming what is missing
     */
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

    public SelectModel() {
        this(Connection.READ_BYTES);
    }

    /** @param readBytes the loop's one read buffer: what each read asks for ({@code --read-kib}) */
    public SelectModel(int readBytes) {
        super(NAME);
        scratch = ByteBuffer.allocateDirect(readBytes);
    }

    @Override
    public void start(ServerContext server) throws IOException {
        ServerSocketChannel s = listener = server.listen(); // s = socket(); s.bind(...); s.listen(...)
        selector = server.selector(poll.openSelector()); // any JDK selector takes any JDK channel: SelectLessonTest
        s.configureBlocking(false); // s.setblocking(False)
        SelectionKey acceptKey = s.register(selector, SelectionKey.OP_ACCEPT); // read_l = [s,]
        Acceptor acceptor = new Acceptor(s, acceptKey, server);
        IdleSweep idle = IdleSweep.overKeys(selector, server.config());
        server.thread(NAME, loop -> selector.wakeup(), () -> {
            while (server.running()) { // while True:
                long wait = LoopTimer.runDue(acceptor, idle); // accept again after a failure; close idle ones
                // r_l, w_l, x_l = select.select(read_l, [], []). Phase 1, waiting for data: the whole thread
                // blocks here, in poll(2), for every socket at once (no longer than until the next timer).
                selector.select(wait);
                server.woke();
                for (SelectionKey readyObj : selector.selectedKeys()) { // for ready_obj in r_l:
                    int next;
                    if (readyObj == acceptKey) { // if ready_obj == s:
                        // conn, addr = s.accept(); read_l.append(conn)
                        next = acceptor.acceptWaiting(conn -> conn.register(selector, SelectionKey.OP_READ,
                                new NonBlockingConnection(conn, server, scratch)));
                    } else { // else: data = ready_obj.recv(1024); ready_obj.send(data.upper())
                        next = ((NonBlockingConnection) readyObj.attachment()).onReady(readyObj); // phase 2 only: the data is there
                    }
                    if (next != Callback.ENDED) {
                        readyObj.interestOps(next); // the read list, the write list, or neither: the loop alone moves it
                    }
                }
                selector.selectedKeys().clear();
            }
        });
    }



    /** The selector the loop runs on (for the lesson test: which provider made it). */
    Selector selector() {
        return selector;
    }

    /** The listener (for the lesson test: a default-provider channel registered with it). */
    ServerSocketChannel listener() {
        return listener;
    }
}
