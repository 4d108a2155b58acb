package io.models.common.server;

/**
 * A server driven by select loops (04, 06, 08): how often its {@code select()} returned, and how many
 * keys its selectors hold. The launcher prints the first when the server stops (an idle server
 * should hardly have woken); the contract suite reads both to see that an idle server sleeps in the
 * kernel instead of spinning, and that a closed connection leaves no key behind. A model gets it by
 * registering its selectors ({@link ServerContext#selector}) and counting each return of its
 * select call ({@link ServerContext#woke()}).
 */
public interface EventLoop {

    /** How many times the loops' select calls have returned since start. */
    long wakeups();

    /** How many keys the selectors hold now: the listener's and one per open connection. */
    int keyCount();

    /** The event loop behind {@code server}, or null if its model registered no selector. */
    static EventLoop of(EchoServer server) {
        return server instanceof BaseServer base ? base.eventLoop() : null;
    }
}
