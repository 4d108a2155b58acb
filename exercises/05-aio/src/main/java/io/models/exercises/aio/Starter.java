package io.models.exercises.aio;

import io.models.exercises.kit.Kit;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.AsynchronousChannelGroup;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.util.concurrent.ExecutionException;

/**
 * Exercise: 五、异步IO (asynchronous IO). Every accept, read and write returns at once; a
 * {@code CompletionHandler} is called when the operation has completed, the data already in (or
 * out of) the buffer. No thread waits for one client.
 *
 * <p>Everything but the model is given. Write it in {@link #serve}; until then the starter accepts
 * each client and closes it, and the checker fails: {@code 05-aio/run.sh java}
 * (from {@code exercises/}, or a handout's top folder). The
 * completion handlers run on the group's two threads, named {@code 05-aio-group-1} and
 * {@code 05-aio-group-2} ({@code ps -L -o tid,comm -p PID} shows them). The solution is chapter
 * 05-aio ({@code AioModel}); read it after.
 */
public final class Starter {

    static final String NAME = "exercise-05-aio";
    static final String THREADS = "05-aio-group-";

    public static void main(String[] args) throws IOException, InterruptedException {
        Kit.Flags flags = Kit.flags(NAME, 8085, args);
        // The threads that run every completion handler: two, named 05-aio-group-1 and -2, as in the chapter.
        AsynchronousChannelGroup group = AsynchronousChannelGroup.withFixedThreadPool(2,
                Thread.ofPlatform().name(THREADS, 1).factory());
        try (AsynchronousServerSocketChannel listener = AsynchronousServerSocketChannel.open(group)) {
            listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            listener.bind(flags.address(), 1024);
            Kit.listening(NAME, "五、异步IO starter: the completion handlers are yours to write",
                    listener.getLocalAddress());
            serve(listener); // starts the first accept, and returns
            Thread.currentThread().join(); // main only keeps the process alive: the group's threads do the rest
        }
    }

    /**
     * Start the first accept; each completion starts the next operation. The note's 五: "用户进程发起read操作之后,
     * 立刻就可以开始去做其它的事" and, once the kernel has copied the data, "kernel会给用户进程发送一个signal,
     * 告诉它read操作完成了".
     */
    static void serve(AsynchronousServerSocketChannel listener) throws IOException, InterruptedException {
        // TODO 五、异步IO: accept every client and serve them all at once with completion handlers,
        //  then return (main waits; the handlers run on the group's threads).
        //  - No thread may wait for one client: no Future.get(), no loop of blocking calls.
        //  - Every byte back upper-cased (Kit.upper), in order, nothing lost; at most one read or
        //    write in flight per connection, so a client that does not read holds up only itself.
        //  - A client's end of stream closes its connection; a failed operation (a reset) closes
        //    that connection only.
        // GUIDE: hints for the guided level (exercises/strip-guide.py removes them, down to END GUIDE)
        //  - listener.accept(null, handler): when it completes, accept again at once, and start a
        //    read on the new channel with a handler of its own.
        //  - When a read completes: -1 is the end (close); else flip, Kit.upper and write the bytes.
        //  - When a write completes with bytes left, write the rest; when all is written, clear the
        //    buffer and read again. failed(): close the channel.
        // END GUIDE
        while (true) { // placeholder: waits on a Future (a blocked thread, not the model), closes the client
            try {
                AsynchronousSocketChannel conn = listener.accept().get();
                conn.close();
            } catch (ExecutionException e) {
                throw new IOException(e.getCause());
            }
        }
    }
}
