package io.models.concepts;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/** One TCP connection on the loopback address, both ends in this process: the tour writes to {@code client} and reads {@code server}. */
record Loopback(SocketChannel client, SocketChannel server) implements AutoCloseable {

    static Loopback open() throws IOException {
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            SocketChannel client = SocketChannel.open(listener.getLocalAddress());
            try {
                return new Loopback(client, listener.accept());
            } catch (IOException e) {
                client.close();
                throw e;
            }
        }
    }

    /** The client sends {@code text} (ASCII); in blocking mode, so all of it. */
    void send(String text) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
        while (bytes.hasRemaining()) {
            client.write(bytes);
        }
    }

    @Override
    public void close() throws IOException {
        try (client; server) {
            // both closed, the server end even if closing the client end failed
        }
    }
}
