package io.models.exercises.blocking;

import io.models.exercises.kit.Kit;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * Exercise: 二、阻塞IO (blocking IO). One thread accepts a client and serves only it, until it
 * leaves; then the next. Every call blocks in both phases (waiting for the data, copying it).
 *
 * <p>Everything but the loop is given. Write the loop in {@link #serve}; until then the starter
 * accepts each client and closes it at once, and the checker fails:
 * {@code 01-blocking/run.sh java}
 * (from {@code exercises/}, or a handout's top folder). The loop runs on a thread named {@code 01-blocking}
 * ({@code ps -L -o tid,comm -p PID} shows it). The solution is chapter 01-blocking
 * ({@code BlockingModel} and common's {@code BlockingConnection}); read it after.
 */
public final class Starter {

    static final String NAME = "exercise-01-blocking";
    static final String THREAD = "01-blocking";

    public static void main(String[] args) throws IOException {
        Kit.Flags flags = Kit.flags(NAME, 8080, args);
        try (ServerSocketChannel server = ServerSocketChannel.open()) { // socket(AF_INET, SOCK_STREAM)
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true); // setsockopt(SO_REUSEADDR)
            server.bind(flags.address(), 1024); // bind(), listen()
            Kit.listening(NAME, "二、阻塞IO starter: the loop is yours to write", server.getLocalAddress());
            Kit.loop(THREAD, () -> serve(server)); // the loop, on a thread named 01-blocking
        }
    }

    /**
     * The note's loop (its prints and comments left out):
     * <pre>
     * while True:
     *     conn,addr = server.accept()
     *     while True:
     *         try:
     *             data = conn.recv(1024)
     *             conn.send(data.upper())
     *         except Exception:
     *             break
     *     conn.close()
     * </pre>
     */
    static void serve(ServerSocketChannel server) throws IOException {
        while (true) {
            SocketChannel conn = server.accept(); // blocks until a client has connected
            // TODO 二、阻塞IO: serve this client until it has finished, then close it and accept the next.
            //  - Every byte it sends comes back upper-cased (Kit.upper), in order; nothing is lost.
            //  - Its end of stream ends the connection; so does a reset, and the server goes on.
            // GUIDE: hints for the guided level (exercises/strip-guide.py removes them, down to END GUIDE)
            //  - conn.read(buf) blocks until bytes have arrived (phase 1) and copies them (phase 2);
            //    it returns -1, and only -1, when the client has finished sending (the note's
            //    recv() returning b'', which its loop never checks).
            //  - Kit.upper(buf) upper-cases what you read; write ALL of it back: one write() may
            //    take only part of a buffer.
            //  - A client that resets makes read() or write() throw an IOException: close that
            //    connection and accept the next; the server must not stop.
            // END GUIDE
            conn.close(); // placeholder: remove it when the loop above is written
        }
    }
}
