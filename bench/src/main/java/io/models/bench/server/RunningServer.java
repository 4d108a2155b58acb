package io.models.bench.server;

import io.models.common.linux.Proc;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;

/**
 * {@code --target HOST:PORT [--pid PID]}: a server that is running already, in any language. The
 * bench neither starts nor stops it; it measures it with the same load as the chapters. With its
 * process id, {@link Proc} reads its CPU, threads and RSS; without, they are not measured.
 */
public final class RunningServer implements MeasuredServer {

    private final InetSocketAddress address;
    private final long pid;

    private RunningServer(InetSocketAddress address, long pid) {
        this.address = address;
        this.pid = pid;
    }

    /**
     * Reads {@code HOST:PORT} ({@code [::1]:PORT} for an IPv6 literal) and, if given, the server's
     * process id.
     *
     * @throws IllegalArgumentException saying in one line what is wrong: not HOST:PORT, a port out
     *                                  of range, a host that does not resolve, no such process
     */
    public static RunningServer of(String target, Long pid) {
        String t = target.trim();
        int colon = t.lastIndexOf(':');
        String host = colon > 0 ? t.substring(0, colon) : "";
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty() || colon == t.length() - 1) {
            throw new IllegalArgumentException("--target '" + target + "' is not HOST:PORT (for example 127.0.0.1:8088)");
        }
        int port;
        try {
            port = Integer.parseInt(t.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--target '" + target + "': the port '" + t.substring(colon + 1)
                    + "' is not a number (HOST:PORT, for example 127.0.0.1:8088)");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("--target '" + target + "': the port is 1 to 65535, not " + port);
        }
        InetAddress ip;
        try {
            ip = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--target '" + target + "': the host '" + host + "' does not resolve");
        }
        if (pid != null && (pid < 1 || !Proc.of(pid).alive())) {
            throw new IllegalArgumentException("--pid " + pid + ": no such process"
                    + (Proc.available() ? "" : " (or no /proc here: --pid needs Linux)"));
        }
        return new RunningServer(new InetSocketAddress(ip, port), pid == null ? -1 : pid);
    }

    /**
     * Connects once, so that a run against nothing stops at once. A server started a moment ago may
     * not listen yet: refused connections are tried again until {@code patience} has passed.
     *
     * @throws IOException saying in one line that nothing listens there, or that it did not answer
     */
    public void probe(Duration patience) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(address, (int) patience.toMillis());
                return;
            } catch (ConnectException e) {
                if (System.nanoTime() > deadline || !alive()) {
                    throw new IOException("nothing listens on " + hostPort() + " (" + e.getMessage() + ", for "
                            + patience.toSeconds() + " s)");
                }
            } catch (SocketTimeoutException e) {
                throw new IOException(hostPort() + " did not accept a connection within " + patience.toSeconds() + " s");
            } catch (IOException e) {
                throw new IOException("cannot connect to " + hostPort() + ": " + e.getMessage());
            }
            Thread.sleep(100);
        }
    }

    /** As the tables show it. */
    public String hostPort() {
        String h = address.getAddress().getHostAddress();
        return (h.contains(":") ? "[" + h + "]" : h) + ":" + address.getPort();
    }

    @Override
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public boolean alive() {
        return pid < 0 || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    @Override
    public boolean outOfMemory() {
        return false; // its output is not the bench's to read
    }

    @Override
    public List<String> tail() {
        return List.of();
    }

    /** Not the bench's to stop. */
    @Override
    public void close() {
    }
}
