package io.models.common.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.AsynchronousChannelGroup;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;

/** The listening socket, bound the same way in every chapter. */
public final class Listener {

    private Listener() {
    }

    /** How a listener of some kind binds: with the config's address and backlog. */
    @FunctionalInterface
    private interface Bind<C extends NetworkChannel> {
        void bind(C listener, InetSocketAddress address, int backlog) throws IOException;
    }

    /**
     * The note's {@code socket(); setsockopt(SO_REUSEADDR, 1); bind((host, port)); listen(backlog)}:
     * SO_REUSEADDR so a restarted server binds its port at once, and the config's backlog (the
     * note's 5 is too small for a burst of clients).
     */
    public static ServerSocketChannel open(ServerConfig config) throws IOException {
        return bound(ServerSocketChannel.open(), config, (l, address, backlog) -> l.bind(address, backlog));
    }

    /** The same for the asynchronous channels of 05: a listener whose operations complete in {@code group}. */
    public static AsynchronousServerSocketChannel open(ServerConfig config, AsynchronousChannelGroup group)
            throws IOException {
        return bound(AsynchronousServerSocketChannel.open(group), config, (l, address, backlog) -> l.bind(address, backlog));
    }

    private static <C extends NetworkChannel> C bound(C listener, ServerConfig config, Bind<C> bind) throws IOException {
        try {
            listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            bind.bind(listener, new InetSocketAddress(config.host(), config.port()), config.backlog());
            return listener;
        } catch (IOException | RuntimeException e) {
            listener.close();
            throw e;
        }
    }

    /** The port a listener is bound to (the real one when the config asked for 0). */
    public static int port(NetworkChannel listener) {
        try {
            return ((InetSocketAddress) listener.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new IllegalStateException("listener is closed", e);
        }
    }
}
