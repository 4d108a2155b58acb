package io.models.common.server;

import io.models.common.protocol.Transform;
import java.time.Duration;
import java.util.Objects;

/**
 * What every server is started with.
 *
 * @param host           the address to listen on (127.0.0.1 unless told otherwise)
 * @param port           the port; 0 picks any free one ({@link EchoServer#port()} says which)
 * @param backlog        how many finished handshakes the kernel keeps waiting for {@code accept()}
 *                       (the note's {@code listen(5)}); the note's 5 is too small for the tests' bursts
 * @param maxConnections the most connections served at once; one more is accepted and closed at
 *                       once (the client reads end of stream), counted in {@link Stats#refused()};
 *                       0 means no limit but the descriptors the process may open
 * @param idleTimeout    a connection that sends nothing for this long is closed, counted in
 *                       {@link Stats#timeouts()}; {@link Duration#ZERO} means never
 * @param transform      what is done to the bytes before they go back: {@link Transform#UPPER}
 */
public record ServerConfig(String host, int port, int backlog, int maxConnections, Duration idleTimeout,
                           Transform transform) {

    public static final String LOOPBACK = "127.0.0.1";
    public static final int DEFAULT_BACKLOG = 1024;

    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(transform, "transform");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        if (backlog < 1) {
            throw new IllegalArgumentException("backlog must be at least 1, got " + backlog);
        }
        if (maxConnections < 0) {
            throw new IllegalArgumentException("max connections must be 0 (no limit) or more, got " + maxConnections);
        }
        if (idleTimeout.isNegative()) {
            throw new IllegalArgumentException("idle timeout must not be negative, got " + idleTimeout);
        }
    }

    public ServerConfig(String host, int port, int backlog) {
        this(host, port, backlog, 0, Duration.ZERO, Transform.UPPER);
    }

    /** Loopback, any free port, no limits: what tests use. */
    public static ServerConfig anyPort() {
        return new ServerConfig(LOOPBACK, 0, DEFAULT_BACKLOG);
    }

    public ServerConfig withPort(int newPort) {
        return new ServerConfig(host, newPort, backlog, maxConnections, idleTimeout, transform);
    }

    public ServerConfig withMaxConnections(int max) {
        return new ServerConfig(host, port, backlog, max, idleTimeout, transform);
    }

    public ServerConfig withIdleTimeout(Duration timeout) {
        return new ServerConfig(host, port, backlog, maxConnections, timeout, transform);
    }

    public ServerConfig withTransform(Transform t) {
        return new ServerConfig(host, port, backlog, maxConnections, idleTimeout, t);
    }

    /** True if a connection over the limit must be refused now that {@code active} are open. */
    public boolean full(long active) {
        return maxConnections > 0 && active >= maxConnections;
    }

    /** True if idle connections are closed. */
    public boolean hasIdleTimeout() {
        return !idleTimeout.isZero();
    }
}
