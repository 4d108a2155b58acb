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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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

    NIO("nio"),
    EPOLL("epoll"),
    IO_URING("io_uring");

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

    /** The order the default tries them in: the one closest to the note's 五 first. */
    static final List<Transport> PREFERENCE = List.of(IO_URING, EPOLL, NIO);

    private final String flag;

    Transport(String flag) {
        this.flag = flag;
    }

    /** As {@code --transport} spells it. */
    public String flag() {
        return flag;
    }

    /** True if this transport can start here: its native library loaded and the kernel lets it work. */
    public boolean isAvailable() {
        return switch (this) {
            case NIO -> true;
            case EPOLL -> Epoll.isAvailable();
            case IO_URING -> IoUring.isAvailable();
        };
    }

    /** Why it cannot start here, in one line; null if it can. */
    public String unavailabilityCause() {
        Throwable cause = switch (this) {
            case NIO -> null;
            case EPOLL -> Epoll.unavailabilityCause();
            case IO_URING -> IoUring.unavailabilityCause();
        };
        return cause == null ? null : oneLine(cause);
    }

    /** What each event loop of the group runs: selects, epoll_waits or submits and reaps a ring. */
    IoHandlerFactory ioHandlerFactory() {
        return switch (this) {
            case NIO -> NioIoHandler.newFactory();
            case EPOLL -> EpollIoHandler.newFactory();
            case IO_URING -> IoUringIoHandler.newFactory();
        };
    }

    /** The listener's channel class (each accepted connection gets the matching socket channel). */
    Class<? extends ServerChannel> serverChannel() {
        return switch (this) {
            case NIO -> NioServerSocketChannel.class;
            case EPOLL -> EpollServerSocketChannel.class;
            case IO_URING -> IoUringServerSocketChannel.class;
        };
    }

    /** The first available in {@link #PREFERENCE} after this one: what to use instead of it. */
    Transport fallback() {
        for (Transport t : PREFERENCE.subList(PREFERENCE.indexOf(this) + 1, PREFERENCE.size())) {
            if (t.isAvailable()) {
                return t;
            }
        }
        return NIO;
    }

    /** The default: io_uring where it starts, else epoll, else nio. */
    static Transport preferred() {
        for (Transport t : PREFERENCE) {
            if (t.isAvailable()) {
                return t;
            }
        }
        return NIO;
    }

    /** Parses a {@code --transport} value (case does not matter, {@code io-uring} is accepted too). */
    static Transport of(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        for (Transport t : values()) {
            if (t.flag.equals(v)) {
                return t;
            }
        }
        throw new IllegalArgumentException("'" + value + "' is not a transport: nio, epoll or io_uring");
    }

    /** A cause and the causes under it, on one line: "message: cause's message: ...". */
    static String oneLine(Throwable t) {
        List<String> parts = new ArrayList<>();
        for (Throwable c = t; c != null && parts.size() < 4; c = c.getCause()) {
            String m = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage().strip();
            if (parts.stream().noneMatch(p -> p.contains(m))) {
                parts.add(m);
            }
        }
        return String.join(": ", parts).replaceAll("\\s*\\R\\s*", " ");
    }

    @Override
    public String toString() {
        return flag;
    }
}
