package io.models.common.server;

import java.io.IOException;

/**
 * The contract every chapter's server keeps; the chapters differ only in the IO model behind it.
 * {@link BaseServer} is the one implementation: a chapter hands it its {@link Model}.
 *
 * <pre>{@code
 * try (EchoServer server = new BaseServer(ServerConfig.anyPort(), new BlockingModel())) {
 *     server.start();                 // bound and serving when this returns
 *     int port = server.port();       // the port it got
 *     Stats now = server.stats();     // a snapshot of the live counters
 * }                                   // close(): listener, connections and threads all gone
 * }</pre>
 */
public interface EchoServer extends AutoCloseable {

    /**
     * Binds the listener and starts serving; returns once clients can connect.
     *
     * @throws java.net.BindException if the address is in use
     */
    void start() throws IOException;

    /** The port the listener is bound to (the real one when the config asked for 0). */
    int port();

    /** A snapshot of the counters now. */
    Stats stats();

    /**
     * The prefix of the name of every thread this server starts, so a test can see that none is
     * left after {@link #close()}; by convention the chapter's module name, such as "01-blocking".
     */
    String name();

    /**
     * Stops: closes the listener and every connection, and returns only when every thread the
     * server started has ended. The port can be bound again at once. Calling it twice is harmless.
     */
    @Override
    void close();
}
