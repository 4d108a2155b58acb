package io.models.conformance.cases;

import io.models.conformance.Messages;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One client connection of the checker. Every read waits at most the session's {@code --wait}
 * for the next byte, and says what it was waiting for when it gives up; a write that never
 * completes is ended by the case's deadline, which closes the socket.
 */
public final class CaseClient implements AutoCloseable {

    private final Session session;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final AtomicLong written = new AtomicLong(); // by the writer thread, read by the case
    /** Who this is in a message: "the client", "client 17", "a silent client". */
    final String label;

    CaseClient(Session session, Socket socket, String label) throws IOException {
        this.session = session;
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.label = label;
    }

    /** Writes {@code data} in one call. */
    public void send(byte[] data) throws CaseFailed {
        try {
            out.write(data);
            out.flush();
        } catch (IOException e) {
            throw new Ended(Messages.get("client.send-failed", label, e.getMessage())); // a reset, a broken pipe
        }
    }

    /**
     * Writes {@code data} in chunks of 1..maxChunk bytes chosen by {@code random}, on a thread of
     * its own, then, if {@code thenFin}, closes the client's side (FIN).
     */
    CompletableFuture<Void> sendInChunks(byte[] data, Random random, int maxChunk, boolean thenFin) {
        return sendAsync(() -> {
            for (int off = 0; off < data.length; ) {
                int n = Math.min(data.length - off, 1 + random.nextInt(maxChunk));
                out.write(data, off, n);
                off += n;
                written.set(off);
            }
            out.flush();
            if (thenFin) {
                socket.shutdownOutput();
            }
        });
    }

    /** Writes {@code data} one byte per write call (TCP_NODELAY is on: each is a segment of its own). */
    CompletableFuture<Void> sendByteByByte(byte[] data) {
        return sendAsync(() -> {
            for (byte b : data) {
                out.write(b);
            }
        });
    }

    /** Bytes the chunked writer has handed to the kernel so far. */
    long written() {
        return written.get();
    }

    private interface Writes {
        void run() throws IOException;
    }

    private CompletableFuture<Void> sendAsync(Writes writes) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        // A platform thread: a virtual one waits its turn behind every other (a thousand, in held-1000
        // of a parallel run), and a writer that starts seconds late reads as a server that stalled.
        Thread.ofPlatform().daemon().name("conformance-writer").start(() -> {
            try {
                writes.run();
                out.flush();
                done.complete(null);
            } catch (IOException e) {
                done.completeExceptionally(new CaseFailed(Messages.get("client.send-failed", label, e.getMessage())));
            }
        });
        return done;
    }

    /** The server ended the connection (closed it, or reset it) before the reply was all there. */
    static final class Ended extends CaseFailed {
        private static final long serialVersionUID = 1L;

        Ended(String why) {
            super(why);
        }
    }

    /** The reader gave up: no byte for {@code --wait}. Holds what had come, so a case may go on waiting. */
    static final class Stalled extends CaseFailed {
        private static final long serialVersionUID = 1L;
        final transient byte[] partial;

        Stalled(String why, byte[] partial) {
            super(why);
            this.partial = partial;
        }
    }

    /** Reads {@code sent.length} bytes and checks them; a reply that stalls is checked as far as it came. */
    public byte[] expectReply(byte[] sent, String what) throws CaseFailed {
        byte[] got = readReply(sent, what);
        Replies.expectUpper(sent, got, what);
        return got;
    }

    /**
     * Reads {@code sent.length} bytes; if they stall, what came is checked first (a wrong byte says
     * more), and the silence gets a hint where it matches a typical mistake ({@link #hinted}).
     */
    byte[] readReply(byte[] sent, String what) throws CaseFailed {
        try {
            return readExactly(sent.length, what);
        } catch (Stalled e) {
            Replies.expectUpperPrefix(sent, e.partial, what); // a wrong byte says more than the silence after it
            throw hinted(e, sent);
        }
    }

    /**
     * A server whose threads were running or ready to run this much of the time (in %, summed over
     * its threads) while a reply stalled was spinning: one that waits sleeps nearly all the time.
     */
    static final double SPINNING_PERCENT = 50.0;

    /**
     * {@code stalled} with the hint that fits it, if one does: a reply that stops after a newline
     * while the rest of the request holds none (a server that reads lines); a stall while the
     * server runs at a full core (a loop that retries a write the socket does not take); a reply
     * cut short while it does not (a write that took only part of the reply, the rest lost).
     * Measuring the CPU takes a second, and only happens when the server's process is known.
     */
    Stalled hinted(Stalled stalled, byte[] sent) {
        byte[] partial = stalled.partial;
        String hint;
        if (partial.length > 0 && partial[partial.length - 1] == '\n'
                && indexOf(sent, (byte) '\n', partial.length) < 0) {
            hint = Messages.get("hint.reads-lines");
        } else {
            double busy = session.serverBusyPercent(Duration.ofSeconds(1));
            if (busy >= SPINNING_PERCENT) {
                hint = Messages.get("hint.spinning", Replies.percent(busy));
            } else if (partial.length > 0) {
                hint = Messages.get("hint.partial-write");
            } else {
                return stalled;
            }
        }
        return new Stalled(stalled.getMessage() + " " + hint, partial);
    }

    private static int indexOf(byte[] b, byte v, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == v) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Reads exactly {@code n} bytes. Fails if the server ends or resets the connection first, or
     * sends nothing for {@code --wait} ({@link Stalled}, with what had come).
     *
     * @param what the reply, in a message: "the reply", "client 17's reply"
     */
    byte[] readExactly(int n, String what) throws CaseFailed {
        byte[] buf = new byte[n];
        int got = 0;
        session.waitingFor(Messages.get("client.waiting-reply", what, n, label));
        try {
            while (got < n) {
                int r = in.read(buf, got, n - got);
                if (r < 0) {
                    throw new Ended(Messages.get("reply.closed-early", what, got, n)
                            + (got > 0 ? " " + Messages.get("hint.partial-write") : ""));
                }
                got += r;
            }
            return buf;
        } catch (SocketTimeoutException e) {
            throw new Stalled(Messages.get("reply.stalled", what, got, n, session.wait.toSeconds()),
                    Arrays.copyOf(buf, got));
        } catch (IOException e) {
            throw new Ended(Messages.get("reply.ended", what, ended(e), got, n));
        }
    }

    /**
     * Reads until the server ends the stream, at most {@code expected} bytes and 64 KiB more.
     * Fails if the server resets the connection, or sends nothing for {@code --wait} before the end.
     */
    byte[] readToEnd(int expected, String what) throws CaseFailed {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buf = new byte[64 * 1024];
        session.waitingFor(Messages.get("client.waiting-eof", what, label));
        try {
            for (int r = in.read(buf); r >= 0; r = in.read(buf)) {
                all.write(buf, 0, r);
                if (all.size() > expected + buf.length) {
                    break; // far more than was sent: the comparison will say so
                }
            }
            return all.toByteArray();
        } catch (SocketTimeoutException e) {
            if (all.size() >= expected) {
                throw new CaseFailed(Messages.get("reply.no-eof", all.size(), session.wait.toSeconds()));
            }
            throw new Stalled(Messages.get("reply.stalled", what, all.size(), expected, session.wait.toSeconds()),
                    all.toByteArray());
        } catch (IOException e) {
            throw new CaseFailed(Messages.get("reply.ended", what, ended(e), all.size(), expected));
        }
    }

    /**
     * Sends one more byte, {@code z}, and fails unless the next byte back is {@code Z}: catches a
     * reply longer than its request (a suffix, a newline) that a read of exactly the length missed.
     */
    void expectNothingMore(String what) throws CaseFailed {
        send(new byte[] {'z'});
        byte next = readExactly(1, Messages.get("reply.one-more"))[0];
        if (next == 'Z') {
            return;
        }
        ByteArrayOutputStream more = new ByteArrayOutputStream();
        more.write(next);
        try {
            socket.setSoTimeout(200); // what else is already on its way, to show it
            byte[] buf = new byte[64];
            int r = in.read(buf);
            if (r > 0) {
                more.write(buf, 0, r);
            }
        } catch (IOException e) {
            // shown as far as it came
        }
        byte[] b = more.toByteArray();
        throw new CaseFailed(Messages.get("reply.longer", what, Replies.show(b, 0, b.length)));
    }

    private String ended(IOException e) {
        if (session.aborted()) {
            return Messages.get("session.stopped");
        }
        String m = String.valueOf(e.getMessage()); // only the wording depends on it: a reset has no type of its own
        return m.contains("reset") ? Messages.get("client.reset") : Messages.get("client.failed", m);
    }

    /** Sends FIN: the client has finished sending (the server must still send every reply). */
    void shutdownOutput() throws CaseFailed {
        try {
            socket.shutdownOutput();
        } catch (IOException e) {
            throw new CaseFailed(Messages.get("client.shutdown-failed", label, e.getMessage()));
        }
    }

    /** Closes abruptly: SO_LINGER 0 makes close() send RST (Python's ConnectionResetError on the server). */
    void reset() {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException e) {
            // already closed: nothing to reset
        }
        close();
    }

    @Override
    public void close() {
        session.forget(this);
        try {
            socket.close();
        } catch (IOException e) {
            // closing: nothing left to do
        }
    }
}
