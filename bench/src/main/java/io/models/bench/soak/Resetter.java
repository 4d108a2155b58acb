package io.models.bench.soak;

import io.models.bench.load.Payloads;
import io.models.common.protocol.Protocol;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client that connects and resets, over and over, on its own thread: each connection ends with
 * {@code SO_LINGER} 0, so closing it sends RST (the note's ConnectionResetError on the server's
 * side). In turn it resets at once; after a whole 1 KiB reply, checked; in the middle of a 32 KiB
 * reply, after checking its first KiB (the server is still writing). A connection refused, a
 * reply that does not come within 10 s or ends early is a missing byte; a wrong one, a wrong byte.
 */
final class Resetter implements Runnable {

    static final int SMALL = 1024;
    /** Fits in the kernel's buffers (the client's and the server's) even if the server reads none of it: the write never blocks. */
    static final int LARGE = 32 * 1024;
    private static final int TIMEOUT_MS = 10_000;

    private final InetSocketAddress server;
    private final long pauseMs;
    private final Faults faults;
    private final byte[] small;
    private final byte[] smallReply;
    private final byte[] large;
    private final byte[] largeReply;
    final Thread thread;
    /** Connections reset so far: at once, after a whole reply, in the middle of one. */
    final AtomicLong atOnce = new AtomicLong();
    final AtomicLong afterReply = new AtomicLong();
    final AtomicLong midReply = new AtomicLong();
    /** Reply bytes received and checked. */
    final AtomicLong checked = new AtomicLong();
    private volatile boolean stopping;

    Resetter(int id, InetSocketAddress server, long pauseMs, Faults faults) {
        this.server = server;
        this.pauseMs = pauseMs;
        this.faults = faults;
        Random random = new Random(1000 + id);
        small = Payloads.randomText(random, SMALL);
        smallReply = Protocol.upper(small);
        large = Payloads.randomText(random, LARGE);
        largeReply = Protocol.upper(large);
        thread = Thread.ofPlatform().name("soak-reset-" + id).daemon().unstarted(this);
    }

    long resets() {
        return atOnce.get() + afterReply.get() + midReply.get();
    }

    void stop() {
        stopping = true;
        thread.interrupt();
    }

    @Override
    public void run() {
        for (long n = 0; !stopping && faults.first() == null; n++) {
            try {
                once((int) (n % 3));
            } catch (IOException e) {
                if (!stopping) {
                    faults.missing("reset client " + thread.getName() + ", connection " + n + ": " + e);
                }
                return;
            }
            try {
                Thread.sleep(pauseMs); // the pace of the churn, not a wait for something
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void once(int kind) throws IOException {
        try (Socket s = new Socket()) {
            s.setSoLinger(true, 0); // close() sends RST
            s.setTcpNoDelay(true);
            s.connect(server, TIMEOUT_MS);
            s.setSoTimeout(TIMEOUT_MS);
            switch (kind) {
                case 0 -> atOnce.incrementAndGet();
                case 1 -> {
                    s.getOutputStream().write(small);
                    expect(s.getInputStream(), smallReply, SMALL);
                    afterReply.incrementAndGet();
                }
                default -> {
                    s.getOutputStream().write(large);
                    expect(s.getInputStream(), largeReply, SMALL); // the rest is on its way when the RST goes
                    midReply.incrementAndGet();
                }
            }
        }
    }

    /** Reads the first {@code n} bytes of the reply and checks each against {@code reply}. */
    private void expect(InputStream in, byte[] reply, int n) throws IOException {
        byte[] got = in.readNBytes(n);
        if (got.length < n) {
            throw new IOException("the server ended the connection after " + got.length + " of " + n + " reply bytes");
        }
        int at = Arrays.mismatch(got, 0, n, reply, 0, n);
        if (at >= 0) {
            faults.wrong("reset client %s: reply byte %d is 0x%02x, expected 0x%02x".formatted(thread.getName(), at,
                    got[at] & 0xff, reply[at] & 0xff));
        }
        checked.addAndGet(n);
    }
}
