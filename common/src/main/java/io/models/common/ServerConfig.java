package io.models.common;

/**
 * What every server is started with.
 *
 * @param host    the address to listen on (127.0.0.1 unless told otherwise)
 * @param port    the port; 0 picks any free one ({@link EchoServer#port()} says which)
 * @param backlog how many finished handshakes the kernel keeps waiting for {@code accept()}
 *                (the note's {@code listen(5)}); the note's 5 is too small for the tests' bursts
 */
public record ServerConfig(String host, int port, int backlog) {

    public static final String LOOPBACK = "127.0.0.1";
    public static final int DEFAULT_BACKLOG = 1024;

    public ServerConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        if (backlog < 1) {
            throw new IllegalArgumentException("backlog must be at least 1, got " + backlog);
        }
    }

    /** Loopback, any free port: what tests use. */
    public static ServerConfig anyPort() {
        return new ServerConfig(LOOPBACK, 0, DEFAULT_BACKLOG);
    }

    public ServerConfig withPort(int newPort) {
        return new ServerConfig(host, newPort, backlog);
    }
}
