package io.models.conformance.cases;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
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
            throw new CaseFailed(label + ": sending failed: " + e.getMessage());
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
        Thread.ofVirtual().name("conformance-writer").start(() -> {
            try {
                writes.run();
                out.flush();
                done.complete(null);
            } catch (IOException e) {
                done.completeExceptionally(new CaseFailed(label + ": sending failed: " + e.getMessage()));
            }
        });
        return done;
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

    /** Reads {@code sent.length} bytes; if they stall, what came is checked first (a wrong byte says more). */
    byte[] readReply(byte[] sent, String what) throws CaseFailed {
        try {
            return readExactly(sent.length, what);
        } catch (Stalled e) {
            Replies.expectUpperPrefix(sent, e.partial, what); // a wrong byte says more than the silence after it
            throw e;
        }
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
        session.waitingFor(what + " (" + n + " bytes) on " + label + "'s connection");
        try {
            while (got < n) {
                int r = in.read(buf, got, n - got);
                if (r < 0) {
                    throw new CaseFailed("%s: the server closed the connection after %d of %d bytes"
                            .formatted(what, got, n));
                }
                got += r;
            }
            return buf;
        } catch (SocketTimeoutException e) {
            throw new Stalled("%s: %d of %d bytes came, then nothing for %d s".formatted(what, got, n,
                    session.wait.toSeconds()), Arrays.copyOf(buf, got));
        } catch (IOException e) {
            throw new CaseFailed("%s: %s after %d of %d bytes".formatted(what, ended(e), got, n));
        }
    }

    /**
     * Reads until the server ends the stream, at most {@code expected} bytes and 64 KiB more.
     * Fails if the server resets the connection, or sends nothing for {@code --wait} before the end.
     */
    byte[] readToEnd(int expected, String what) throws CaseFailed {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buf = new byte[64 * 1024];
        session.waitingFor(what + " and the end of stream on " + label + "'s connection");
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
                throw new CaseFailed(("the whole reply came (%d bytes), then no end of stream for %d s after the "
                        + "client had closed its side: once a client has finished and every reply is sent, the "
                        + "server must close").formatted(all.size(), session.wait.toSeconds()));
            }
            throw new Stalled("%s: %d of %d bytes came, then nothing for %d s".formatted(what, all.size(), expected,
                    session.wait.toSeconds()), all.toByteArray());
        } catch (IOException e) {
            throw new CaseFailed("%s: %s after %d of %d bytes".formatted(what, ended(e), all.size(), expected));
        }
    }

    /**
     * Sends one more byte, {@code z}, and fails unless the next byte back is {@code Z}: catches a
     * reply longer than its request (a suffix, a newline) that a read of exactly the length missed.
     */
    void expectNothingMore(String what) throws CaseFailed {
        send(new byte[] {'z'});
        byte next = readExactly(1, "the reply to one more byte, \"z\"")[0];
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
        throw new CaseFailed("%s was longer than the request: after it came %s where only \"Z\" (for one more \"z\") "
                .formatted(what, Replies.show(b, 0, b.length)) + "was due");
    }

    private String ended(IOException e) {
        if (session.aborted()) {
            return "the case was stopped";
        }
        String m = String.valueOf(e.getMessage()); // only the wording depends on it: a reset has no type of its own
        return m.contains("reset") ? "the server reset the connection" : "the connection failed (" + m + ")";
    }

    /** Sends FIN: the client has finished sending (the server must still send every reply). */
    void shutdownOutput() throws CaseFailed {
        try {
            socket.shutdownOutput();
        } catch (IOException e) {
            throw new CaseFailed(label + ": closing its side failed: " + e.getMessage());
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
