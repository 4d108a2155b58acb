package io.models.common.cli;

import io.models.common.protocol.Transform;
import io.models.common.server.ServerConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The flags every chapter's server shares, mixed into its command with
 * {@code @Mixin ServerOptions server = new ServerOptions(8080);} so each chapter keeps its own
 * default port.
 */
public final class ServerOptions {

    /** The most a --max-connections may be: far above what one process may open anyway. */
    public static final int MAX_CONNECTIONS_LIMIT = 1_000_000;
    /** The longest --idle-timeout: a day. */
    public static final int MAX_IDLE_TIMEOUT_SECONDS = 86_400;

    @Option(names = "--host", paramLabel = "ADDRESS", converter = HostConverter.class,
            description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only). "
                    + "Any other address makes the server reachable from other machines.")
    String host = ServerConfig.LOOPBACK;

    @Option(names = "--port", paramLabel = "PORT", converter = PortConverter.class,
            description = "TCP port to listen on, 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--max-connections", paramLabel = "N", converter = MaxConnections.class,
            description = "Serve at most N connections at once (1.." + MAX_CONNECTIONS_LIMIT + "); one more is "
                    + "accepted and closed at once, so its client reads end of stream. Default: no limit.")
    int maxConnections;

    @Option(names = "--idle-timeout", paramLabel = "SECONDS", converter = IdleTimeout.class,
            description = "Close a connection that sends nothing for SECONDS (1.." + MAX_IDLE_TIMEOUT_SECONDS
                    + "). Default: never.")
    int idleTimeoutSeconds;

    public ServerOptions(int defaultPort) {
        this.port = defaultPort;
    }

    public ServerConfig config() {
        return new ServerConfig(host, port, ServerConfig.DEFAULT_BACKLOG, maxConnections,
                Duration.ofSeconds(idleTimeoutSeconds), Transform.UPPER);
    }

    /** A port is a whole number from 0 to 65535; anything else is one clear line, not a trace. */
    public static final class PortConverter implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return Cli.intInRange(value, 0, 65535, "a port from 0 to 65535");
        }
    }

    /**
     * A host must resolve to an address, or the server (or client) would fail later with a trace;
     * here it is one line, like any other bad value.
     */
    public static final class HostConverter implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            try {
                if (value.isBlank()) {
                    throw new UnknownHostException(value); // getByName would take it for loopback
                }
                InetAddress.getByName(value.strip());
                return value.strip();
            } catch (UnknownHostException | SecurityException e) {
                throw new TypeConversionException("'" + value + "' does not resolve to an address");
            }
        }
    }

    static final class MaxConnections implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return Cli.intInRange(value, 1, MAX_CONNECTIONS_LIMIT, "a connection count from 1 to " + MAX_CONNECTIONS_LIMIT);
        }
    }

    static final class IdleTimeout implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return Cli.intInRange(value, 1, MAX_IDLE_TIMEOUT_SECONDS, "a number of seconds from 1 to " + MAX_IDLE_TIMEOUT_SECONDS);
        }
    }
}
