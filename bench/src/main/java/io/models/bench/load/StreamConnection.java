package io.models.bench.load;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;

/**
 * A stream connection: once the load starts it writes the same chunk without pause (at most
 * {@link #IN_FLIGHT} bytes not yet back) and checks the reply stream byte by byte, across chunk
 * boundaries, as it comes.
 */
final class StreamConnection extends LoadConnection {

    /** Bytes sent and not yet back, at most. */
    static final int IN_FLIGHT = 4 << 20;

    private ByteBuffer out;
    private ByteBuffer expected;
    private long sent;
    private long received;

    StreamConnection(int index, boolean active, LoadWorker worker) {
        super(index, active, worker);
    }

    @Override
    void start() {
        state = State.LOADED;
        out = worker.payloads.request(0).duplicate();
        expected = worker.payloads.reply(0);
        interest(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
    }

    @Override
    void onWritable() throws IOException {
        if (state != State.LOADED) {
            super.onWritable(); // the one request before the load
            return;
        }
        int len = out.capacity();
        if (sent - received >= IN_FLIGHT) {
            interest(SelectionKey.OP_READ); // enough on the way: read some back first
            return;
        }
        out.limit(len).position((int) (sent % len));
        sent += ch.write(out);
    }

    @Override
    void onReadable() throws IOException {
        if (state != State.LOADED) {
            super.onReadable();
            return;
        }
        ByteBuffer scratch = worker.scratch;
        long due = sent - received;
        scratch.clear().limit((int) Math.max(1, Math.min(scratch.capacity(), due)));
        int n = ch.read(scratch);
        if (n < 0) {
            fail("the server closed the connection in the middle of the stream");
            return;
        }
        if (n == 0) {
            return;
        }
        if (n > due) {
            throw new LoadGen.MismatchException("more bytes came back than were sent");
        }
        check(scratch.flip(), n);
        received += n;
        worker.window.bytes(this, n);
        if (ops == SelectionKey.OP_READ && sent - received < IN_FLIGHT / 2) {
            interest(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        }
    }

    /** The n bytes in {@code in} against the reply stream from {@code received} on, wrapping round the chunk. */
    private void check(ByteBuffer in, int n) {
        int len = expected.capacity();
        int from = (int) (received % len);
        int first = Math.min(n, len - from);
        int at = in.slice(0, first).mismatch(expected.slice(from, first));
        if (at < 0 && first < n) {
            int second = in.slice(first, n - first).mismatch(expected.slice(0, n - first));
            at = second < 0 ? -1 : first + second;
        }
        if (at >= 0) {
            long offset = received + at;
            throw new LoadGen.MismatchException("stream byte %d is 0x%02x, expected 0x%02x".formatted(offset,
                    in.get(at) & 0xff, expected.get((int) (offset % len)) & 0xff));
        }
    }
}
