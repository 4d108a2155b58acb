package io.models.common.testkit;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;

/**
 * A blocking test client with deadlines on everything: connect and every read time out instead of
 * hanging a test. Writes run on their own virtual thread so a test can read while it sends.
 */
public final class TestClient implements AutoCloseable {

    public static final int TIMEOUT_MS = 30_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private TestClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    public static TestClient connect(int port) throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MS);
            s.setSoTimeout(TIMEOUT_MS);
            return new TestClient(s);
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    public Socket socket() {
        return socket;
    }

    /** Writes {@code data} in one call. */
    public void send(byte[] data) throws IOException {
        out.write(data);
        out.flush();
    }

    /** Writes {@code data} in chunks of 1..maxChunk bytes chosen by {@code random}, on a virtual thread. */
    public CompletableFuture<Void> sendInChunks(byte[] data, Random random, int maxChunk) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread.ofVirtual().name("test-writer").start(() -> {
            try {
                for (int off = 0; off < data.length; ) {
                    int n = Math.min(data.length - off, 1 + random.nextInt(maxChunk));
                    out.write(data, off, n);
                    off += n;
                }
                out.flush();
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    /**
     * Writes {@code data} in the chunk sizes given (cycled), pausing {@code pausesMicros} (cycled)
     * after each chunk, on a virtual thread: a client as irregular as a real one. After 64 chunks
     * the rest goes in one write, so a test's time stays bounded whatever the input.
     */
    public CompletableFuture<Void> sendWithPauses(byte[] data, List<Integer> chunks, List<Integer> pausesMicros) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread.ofVirtual().name("test-writer").start(() -> {
            try {
                int i = 0;
                for (int off = 0; off < data.length; i++) {
                    int n = i >= 64 ? data.length - off
                            : Math.min(data.length - off, Math.max(1, chunks.get(i % chunks.size())));
                    out.write(data, off, n);
                    off += n;
                    int pause = pausesMicros.isEmpty() ? 0 : pausesMicros.get(i % pausesMicros.size());
                    if (pause > 0) {
                        LockSupport.parkNanos(pause * 1000L); // the client's own rhythm, part of the input
                    }
                }
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    /** Writes {@code data} one byte per write call, on a virtual thread. */
    public CompletableFuture<Void> sendByteByByte(byte[] data) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread.ofVirtual().name("test-writer").start(() -> {
            try {
                for (byte b : data) {
                    out.write(b);
                }
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    /** Reads exactly {@code n} bytes; an early end of stream or a 30 s silence fails. */
    public byte[] readExactly(int n) throws IOException {
        byte[] buf = new byte[n];
        int got = 0;
        while (got < n) {
            int r = in.read(buf, got, n - got);
            if (r < 0) {
                throw new EOFException("end of stream after " + got + " of " + n + " bytes");
            }
            got += r;
        }
        return buf;
    }

    /** Sends {@code request} (in chunks, concurrently) and reads its whole reply. */
    public byte[] roundTrip(byte[] request) throws IOException {
        CompletableFuture<Void> sending = sendInChunks(request, new Random(request.length), 64 * 1024);
        byte[] reply = readExactly(request.length);
        sending.join();
        return reply;
    }

    /** True if the server ends the stream (EOF) or resets it; false if it sends more bytes. */
    public boolean readsEndOfStream() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (IOException e) {
            return true; // a reset is an end too
        }
    }

    /**
     * Reads and throws away whatever comes until the server ends the stream (EOF) or resets it:
     * true then; a 30 s silence fails with SocketTimeoutException.
     */
    public boolean drainsToEnd() throws IOException {
        byte[] sink = new byte[64 * 1024];
        try {
            while (in.read(sink) >= 0) {
                // replies the client had not read yet
            }
            return true;
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (IOException e) {
            return true; // a reset is an end too
        }
    }

    /** Reads until end of stream, returning everything read. */
    public byte[] readToEnd() throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        return all.toByteArray();
    }

    public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    /** Closes abruptly: SO_LINGER 0 makes close() send RST, the note's ConnectionResetError. */
    public void reset() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
