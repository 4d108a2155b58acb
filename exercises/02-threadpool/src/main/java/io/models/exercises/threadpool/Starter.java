package io.models.exercises.threadpool;

import io.models.exercises.kit.Kit;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * Exercise: 二、一个简单的解决方案 (a thread per connection), then 改进方案 (a pool). The accepting
 * thread hands each client to a thread of its own, which serves it with blocking calls as in
 * exercise 01, so no client waits for another.
 *
 * <p>Everything but the model is given. Write it in {@link #serve}; until then the starter accepts
 * each client and closes it at once, and the checker fails: {@code 02-threadpool/run.sh java}
 * (from {@code exercises/}, or a handout's top folder).
 * The accepting loop runs on a thread named {@code 02-acceptor}; name the threads that serve
 * clients {@code 02-worker-N} ({@code ps -L -o tid,comm -p PID} shows them). The solution is
 * chapter 02-threadpool ({@code ThreadPoolModel}); read it after.
 */
public final class Starter {

    static final String NAME = "exercise-02-threadpool";
    static final String THREAD = "02-acceptor";

    public static void main(String[] args) throws IOException {
        Kit.Flags flags = Kit.flags(NAME, 8082, args);
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(flags.address(), 1024);
            Kit.listening(NAME, "二、一个简单的解决方案 starter: the threads are yours to start",
                    server.getLocalAddress());
            Kit.loop(THREAD, () -> serve(server)); // the accepting loop, on a thread named 02-acceptor
        }
    }

    /**
     * The note's idea (二、一个简单的解决方案): "让每个连接都拥有独立的线程(或进程),这样任何一个连接的阻塞都不会影响其他的连接".
     * Accept, and give each client to a thread of its own (later: to a pool of N threads).
     */
    static void serve(ServerSocketChannel server) throws IOException {
        while (true) {
            SocketChannel conn = server.accept(); // blocks until a client has connected
            // TODO 二、一个简单的解决方案: serve each client on a thread of its own, named 02-worker-N,
            //  so that no client waits for another.
            //  - Every byte back upper-cased (Kit.upper), in order, nothing lost; the client's end of
            //    stream or a reset ends its connection and its thread, not the server.
            //  Then 改进方案: serve them with a fixed pool of 8 threads instead, and run the checker
            //  again: which case fails now, and what does the note say about it?
            // GUIDE: hints for the guided level (exercises/strip-guide.py removes them, down to END GUIDE)
            //  - Thread.ofPlatform().name("02-worker-", 1).start(() -> ...), or an ExecutorService
            //    made with that factory (Thread.ofPlatform().name("02-worker-", 1).factory()).
            //  - Each thread runs exercise 01's loop: read until -1, Kit.upper, write all of it back,
            //    close; an IOException ends that connection only, and the thread ends with it.
            //  - The pool: Executors.newFixedThreadPool(8, that factory).
            // END GUIDE
            conn.close(); // placeholder: remove it when the model is written
        }
    }
}
