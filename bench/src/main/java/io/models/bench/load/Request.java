package io.models.bench.load;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/** One request on its way, and the reply it must bring back, checked byte by byte as it comes. */
final class Request {

    private final ByteBuffer out; // what is left to write
    private final ByteBuffer expected; // upper(request)
    private int got;
    final long sentAt = System.nanoTime();

    Request(ByteBuffer request, ByteBuffer reply) {
        this.out = request.duplicate();
        this.expected = reply;
    }

    /** Writes what the socket takes; true once the whole request is written. */
    boolean write(SocketChannel ch) throws IOException {
        ch.write(out);
        return !out.hasRemaining();
    }

    int length() {
        return expected.capacity();
    }

    /** Reply bytes still to come. */
    int left() {
        return expected.capacity() - got;
    }

    /**
     * Checks the bytes in {@code in} (flipped) against the next ones of the reply.
     *
     * @return true once the whole reply has come
     * @throws LoadGen.MismatchException at the first wrong byte
     */
    boolean check(ByteBuffer in) {
        int n = in.remaining();
        int at = in.mismatch(expected.slice(got, n));
        if (at >= 0) {
            throw new LoadGen.MismatchException("reply byte %d of %d is 0x%02x, expected 0x%02x".formatted(got + at,
                    expected.capacity(), in.get(at) & 0xff, expected.get(got + at) & 0xff));
        }
        got += n;
        return got == expected.capacity();
    }
}
