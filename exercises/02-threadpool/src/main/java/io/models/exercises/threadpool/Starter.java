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
 * each client and closes it at once, and the checker fails:
 * {@code java -jar conformance/target/conformance.jar --port 8082}. The solution is chapter
 * 02-threadpool ({@code ThreadPoolModel}); read it after.
 */
public final class Starter {

    static final String NAME = "exercise-02-threadpool";

    public static void main(String[] args) throws IOException {
        Kit.Flags flags = Kit.flags(NAME, 8082, args);
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(flags.address(), 1024);
            Kit.listening(NAME, "二、一个简单的解决方案 starter: the threads are yours to start",
                    server.getLocalAddress());
            serve(server);
        }
    }

    /** Accept, and give each client to a thread of its own (later: to a pool of N threads). */
    static void serve(ServerSocketChannel server) throws IOException {
        while (true) {
            SocketChannel conn = server.accept(); // blocks until a client has connected
            // TODO 二、一个简单的解决方案: serve conn on a thread of its own (Thread.ofPlatform()
            //  or an ExecutorService), with exercise 01's loop: read until -1, Kit.upper, write all
            //  of it back, close; an IOException ends that connection only.
            //  Then 改进方案: a fixed pool (Executors.newFixedThreadPool(8)), and run the checker
            //  again: which case fails now, and what does the note say about it?
            conn.close(); // placeholder: remove it when the model is written
        }
    }
}
