package io.models.netty;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Netty's three ways to drive the same handler on Linux. The handler does not change; only the
 * event loop's IO handler and the channel classes do, as Netty's testsuite runs one test body over
 * every transport.
 *
 * <ul>
 *   <li>{@link #NIO}: the JDK's {@code Selector} (epoll on Linux): readiness, 06-selectors' model.</li>
 *   <li>{@link #EPOLL}: Netty's own JNI binding of epoll: readiness, without the JDK in between.</li>
 *   <li>{@link #IO_URING}: submission and completion: the kernel waits for the data and copies it,
 *       then a completion arrives in a ring (the note's 五、异步IO).</li>
 * </ul>
 *
 * The native ones are looked at (and their library loaded) only when asked about.
 */
public enum Transport {

    // what makes it unavailable here (null: nothing); what each event loop runs; the listener's channel
    NIO(() -> null, NioIoHandler::newFactory, NioServerSocketChannel.class),
    EPOLL(Epoll::unavailabilityCause, EpollIoHandler::newFactory, EpollServerSocketChannel.class),
    IO_URING(IoUring::unavailabilityCause, IoUringIoHandler::newFactory, IoUringServerSocketChannel.class);

    /**
     * Netty's io_uring accepts with one multishot request by default. When an accept fails (out of
     * descriptors) it submits the request again at once, even while the listener is not to be read
     * (autoRead off): the boss loop then spins, tens of thousands of io_uring_enter calls a second,
     * and no backoff can stop it. One accept request per accept does not. Set before Netty's
     * {@code IoUring} class reads it, unless the user set it ({@code -D...=true} brings multishot back).
     */
    static final String ACCEPT_MULTISHOT = "io.netty.iouring.acceptMultiShotEnabled";

    static {
        if (System.getProperty(ACCEPT_MULTISHOT) == null) {
            System.setProperty(ACCEPT_MULTISHOT, "false");
        }
    }

    private final Supplier<Throwable> unavailability;
    /** What each event loop of the group runs: selects, epoll_waits or submits and reaps a ring. */
    final Supplier<IoHandlerFactory> ioHandlerFactory;
    /** The listener's channel class (each accepted connection gets the matching socket channel). */
    final Class<? extends ServerChannel> serverChannel;

    Transport(Supplier<Throwable> unavailability, Supplier<IoHandlerFactory> ioHandlerFactory,
              Class<? extends ServerChannel> serverChannel) {
        this.unavailability = unavailability;
        this.ioHandlerFactory = ioHandlerFactory;
        this.serverChannel = serverChannel;
    }

    /** True if this transport can start here: its native library loaded and the kernel lets it work. */
    public boolean isAvailable() {
        return unavailability.get() == null;
    }

    /** Why it cannot start here (Netty's reason, often a chain of causes); null if it can. */
    public Throwable unavailabilityCause() {
        return unavailability.get();
    }

    /** As {@code --transport} spells it: {@code io_uring}. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
