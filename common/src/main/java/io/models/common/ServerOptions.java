package io.models.common;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The flags every chapter's server shares, mixed into its command with
 * {@code @Mixin ServerOptions server = new ServerOptions(8080);} so each chapter keeps its own
 * default port.
 */
public final class ServerOptions {

    @Option(names = "--host", paramLabel = "ADDRESS",
            description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only).")
    String host = ServerConfig.LOOPBACK;

    @Option(names = "--port", paramLabel = "PORT", converter = PortConverter.class,
            description = "TCP port to listen on, 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    public ServerOptions(int defaultPort) {
        this.port = defaultPort;
    }

    public ServerConfig config() {
        return new ServerConfig(host, port, ServerConfig.DEFAULT_BACKLOG);
    }

    /** A port is a whole number from 0 to 65535; anything else is one clear line, not a trace. */
    public static final class PortConverter implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return Cli.intInRange(value, 0, 65535, "a port from 0 to 65535");
        }
    }
}
