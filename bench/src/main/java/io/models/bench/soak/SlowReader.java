package io.models.bench.soak;

import io.models.bench.load.Payloads;
import io.models.common.protocol.Protocol;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * A client that stops reading for a while, then drains, over and over, on its own thread and one
 * connection: it writes until the server takes no more (the server must stop reading from a client
 * that does not read its replies, and keep what it holds bounded), holds still for {@link Mix#stall},
 * reads back everything it sent, checking every byte, then streams both ways for {@link Mix#flow}.
 * A drain that gets no byte for {@link #DRAIN} has a missing byte; one that takes longer while bytes
 * still come is only late (a busy machine), and the longest drain is reported.
 */
final class SlowReader implements Runnable {

    static final int CHUNK = 16 * 1024;
    /** While it drains, a byte must come back at least this often, or the rest is missing. */
    static final long DRAIN = TimeUnit.SECONDS.toNanos(30);
    /** While it flows: at most this many bytes sent and not yet back. */
    private static final long IN_FLIGHT = 1 << 20;

    private final InetSocketAddress server;
    private final Mix mix;
    private final Faults faults;
    private final ByteBuffer out;
    private final ByteBuffer expected;
    private final ByteBuffer in = ByteBuffer.allocateDirect(64 * 1024);
    final Thread thread;
    private SocketChannel ch;
    private Selector sel;
    private SelectionKey key;
    private long sent;
    private volatile long received;
    /** Stalls ended so far (each then drained), and the most that was sent and not read back when one ended. */
    volatile int stalls;
    volatile long mostHeld;
    /** The longest a drain took, from reading again until everything was back. */
    volatile long longestDrainNanos;
    private volatile boolean stopping;
    private volatile boolean open;

    SlowReader(InetSocketAddress server, Mix mix, Faults faults) {
        this.server = server;
        this.mix = mix;
        this.faults = faults;
        byte[] chunk = Payloads.randomText(new Random(7), CHUNK);
        out = ByteBuffer.allocateDirect(CHUNK).put(chunk).flip();
        expected = ByteBuffer.wrap(Protocol.upper(chunk));
        thread = Thread.ofPlatform().name("soak-slow-reader").daemon().unstarted(this);
    }

    /** Opens its connection (before the soak starts, so that it counts in the level). */
    void connect() throws IOException {
        ch = SocketChannel.open(server);
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        ch.configureBlocking(false);
        sel = Selector.open();
        key = ch.register(sel, 0);
        open = true;
    }

    /** Bytes read back and checked. */
    long checked() {
        return received;
    }

    boolean open() {
        return open;
    }

    /** Ends the cycle it is in: it drains what is still on its way, then closes. */
    void stop() {
        stopping = true;
        sel.wakeup();
    }

    @Override
    public void run() {
        try {
            while (!stopping && faults.first() == null) {
                stall();
                if (!drain()) {
                    return;
                }
                stalls++;
                flow();
            }
            drain(); // what is on its way when the soak ends comes back too
        } catch (IOException e) {
            ended(e);
        } catch (Ended e) {
            ended(e.getCause());
        } finally {
            open = false;
            try {
                sel.close();
                ch.close();
            } catch (IOException ignored) {
                // closing a client at the end: nothing to do about a failure
            }
        }
    }

    private void ended(Throwable e) {
        if (faults.first() == null) {
            faults.missing("slow reader: " + e.getMessage() + ", after " + sent + " bytes sent and " + received + " back");
        }
    }

    /** Writes while the server takes it, reads nothing, for {@link Mix#stall}. */
    private void stall() throws IOException {
        long end = System.nanoTime() + mix.stall().toNanos();
        key.interestOps(SelectionKey.OP_WRITE);
        while (!stopping && faults.first() == null && System.nanoTime() < end) {
            sel.select(k -> write(), Math.max(1, Math.min(100, (end - System.nanoTime()) / 1_000_000)));
        }
        mostHeld = Math.max(mostHeld, sent - received);
    }

    /**
     * Reads until everything sent is back; false (a missing byte) if no byte comes for {@link #DRAIN}.
     * Bytes that keep coming, however slowly, are late, not missing: the longest drain says how late.
     */
    private boolean drain() throws IOException {
        long start = System.nanoTime();
        long lastByte = start;
        key.interestOps(SelectionKey.OP_READ);
        while (received < sent && faults.first() == null) {
            long before = received;
            sel.select(k -> read(), 100);
            long now = System.nanoTime();
            if (received > before) {
                lastByte = now;
            } else if (now - lastByte > DRAIN) {
                faults.missing("slow reader: %d of %d bytes came back, then none for %d s (after %d s of reading again)"
                        .formatted(received, sent, TimeUnit.NANOSECONDS.toSeconds(DRAIN),
                                TimeUnit.NANOSECONDS.toSeconds(now - start)));
                return false;
            }
        }
        longestDrainNanos = Math.max(longestDrainNanos, System.nanoTime() - start);
        return faults.first() == null;
    }

    /** Writes and reads as a stream, at most {@link #IN_FLIGHT} unanswered, for {@link Mix#flow}. */
    private void flow() throws IOException {
        long end = System.nanoTime() + mix.flow().toNanos();
        while (!stopping && faults.first() == null && System.nanoTime() < end) {
            key.interestOps(sent - received < IN_FLIGHT ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
            sel.select(k -> {
                if (k.isReadable()) {
                    read();
                }
                if (k.isValid() && k.isWritable() && sent - received < IN_FLIGHT) {
                    write();
                }
            }, 100);
        }
    }

    private void write() {
        try {
            out.limit(CHUNK).position((int) (sent % CHUNK));
            sent += ch.write(out);
        } catch (IOException e) {
            throw new Ended(e);
        }
    }

    private void read() {
        try {
            in.clear().limit((int) Math.max(1, Math.min(in.capacity(), sent - received)));
            int n = ch.read(in);
            if (n < 0) {
                throw new Ended(new IOException("the server closed the connection with " + (sent - received)
                        + " bytes not yet back"));
            }
            if (n > sent - received) {
                faults.wrong("slow reader: more bytes came back than were sent");
                return;
            }
            check(in.flip(), n);
            received += n;
        } catch (IOException e) {
            throw new Ended(e);
        }
    }

    /** The n bytes read against the reply stream from {@code received} on, round the chunk. */
    private void check(ByteBuffer got, int n) {
        int done = 0;
        while (done < n) {
            int from = (int) ((received + done) % CHUNK);
            int len = Math.min(n - done, CHUNK - from);
            int at = got.slice(done, len).mismatch(expected.slice(from, len));
            if (at >= 0) {
                faults.wrong("slow reader: stream byte %d is 0x%02x, expected 0x%02x".formatted(received + done + at,
                        got.get(done + at) & 0xff, expected.get(from + at) & 0xff));
                return;
            }
            done += len;
        }
    }

    /** An IO failure inside a select's action, carried out of it. */
    private static final class Ended extends RuntimeException {
        Ended(IOException cause) {
            super(cause);
        }
    }
}
