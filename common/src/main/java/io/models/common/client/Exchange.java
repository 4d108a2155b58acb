package io.models.common.client;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * One request and its whole reply over a blocking {@link SocketChannel}.
 *
 * <p>The note's client does {@code send(cmd)} then a single {@code recv(1024)}. That is two bugs:
 * a reply longer than 1024 bytes is cut, and even a short one may arrive in pieces, since TCP is a
 * byte stream with no message boundaries. The protocol's reply is exactly as long as the request,
 * so the fix is to read until that many bytes have come. And a large request must be written while
 * the reply is read: a server that echoes as it reads stops reading once the client stops reading,
 * and a client that writes everything first would then wait for ever.
 */
public final class Exchange {

    private Exchange() {
    }

    /** Thrown when the server closes the connection before the whole reply has come. */
    public static final class ShortReplyException extends EOFException {
        private final int received;
        private final int expected;

        ShortReplyException(int received, int expected) {
            super("the server closed the connection after " + received + " of " + expected + " reply bytes");
            this.received = received;
            this.expected = expected;
        }

        public int received() {
            return received;
        }

        public int expected() {
            return expected;
        }
    }

    /** Sends {@code request} and returns the reply: exactly {@code request.length} bytes. */
    public static byte[] roundTrip(SocketChannel channel, byte[] request) throws IOException {
        // Send from a second (virtual) thread while this one reads.
        CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
            try {
                writeFully(channel, ByteBuffer.wrap(request));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, task -> Thread.ofVirtual().name("exchange-writer").start(task));
        ByteBuffer reply = ByteBuffer.allocate(request.length);
        try {
            readFully(channel, reply);
            sending.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            throw new IOException(e.getCause());
        }
        return reply.array();
    }

    /** Writes every byte of {@code buf} (a blocking channel's write may take fewer). */
    public static void writeFully(SocketChannel channel, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
    }

    /** Reads until {@code buf} is full; a close before that is a {@link ShortReplyException}. */
    public static void readFully(SocketChannel channel, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            if (channel.read(buf) < 0) {
                throw new ShortReplyException(buf.position(), buf.capacity());
            }
        }
    }
}
