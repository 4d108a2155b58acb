package io.models.exercises.aio;

import io.models.exercises.kit.Kit;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.util.concurrent.ExecutionException;

/**
 * Exercise: 五、异步IO (asynchronous IO). Every accept, read and write returns at once; a
 * {@code CompletionHandler} is called when the operation has completed, the data already in (or
 * out of) the buffer. No thread waits for one client.
 *
 * <p>Everything but the model is given. Write it in {@link #serve}; until then the starter accepts
 * each client and closes it, and the checker fails:
 * {@code java -jar conformance/target/conformance.jar --port 8085}. The solution is chapter 05-aio
 * ({@code AioModel}); read it after.
 */
public final class Starter {

    static final String NAME = "exercise-05-aio";

    public static void main(String[] args) throws IOException, InterruptedException {
        Kit.Flags flags = Kit.flags(NAME, 8085, args);
        try (AsynchronousServerSocketChannel listener = AsynchronousServerSocketChannel.open()) {
            listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            listener.bind(flags.address(), 1024);
            Kit.listening(NAME, "五、异步IO starter: the completion handlers are yours to write",
                    listener.getLocalAddress());
            serve(listener);
        }
    }

    /** Start the first accept; each completion starts the next operation. */
    static void serve(AsynchronousServerSocketChannel listener) throws IOException, InterruptedException {
        // TODO 五、异步IO: listener.accept(null, handler): when it completes, accept again, and
        //  start a read on the new channel with a handler of its own. When a read completes:
        //  -1 is the end (close); else Kit.upper the bytes and write them; when a write completes
        //  with bytes left, write the rest; when all is written, read again. One operation in
        //  flight per connection; a failed one (a reset) closes that connection only.
        //  Then keep main alive (the handlers run on the JDK's threads), e.g. Thread.currentThread().join().
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
