package io.models.common.client;

import io.models.common.cli.Cli;
import io.models.common.cli.ServerOptions;
import io.models.common.server.ServerConfig;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The note's client: a prompt {@code >>: }, each line typed is sent and the reply printed. Unlike
 * the note's single {@code recv(1024)}, it reads until the whole reply has come (see
 * {@link Exchange}). Works with piped stdin ({@code echo hi | ...}) and with {@code --send TEXT}.
 */
@Command(name = "client", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Sends each line it reads (or --send TEXT) to an io-models server and prints the reply.",
                "Empty lines are skipped, as in the note. End of input (Ctrl-D) closes the connection."})
public final class Client implements Callable<Integer> {

    @Option(names = "--host", paramLabel = "ADDRESS", converter = ServerOptions.HostConverter.class, description = "Server address (default: ${DEFAULT-VALUE}).")
    String host = ServerConfig.LOOPBACK;

    @Option(names = "--port", paramLabel = "PORT", converter = ServerOptions.PortConverter.class,
            description = "Server port (default: ${DEFAULT-VALUE}).")
    int port = 8080;

    @Option(names = "--send", paramLabel = "TEXT",
            description = "Send TEXT, print the reply and exit, instead of reading lines.")
    String send;

    private final BufferedReader in;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean interactive;

    public Client() {
        this(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
                System.out, System.err, isTerminal());
    }

    Client(BufferedReader in, PrintStream out, PrintStream err, boolean interactive) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.interactive = interactive;
    }

    public static void main(String[] args) {
        System.exit(Cli.execute(new Client(), args));
    }

    @Override
    public Integer call() {
        String where = host + ":" + port;
        try (SocketChannel server = SocketChannel.open(new InetSocketAddress(host, port))) {
            if (send != null) {
                exchange(server, send);
                return 0;
            }
            for (String line = prompt(); line != null; line = prompt()) {
                String cmd = line.strip();
                if (cmd.isEmpty()) {
                    continue; // the note: if not cmd: continue
                }
                exchange(server, cmd);
            }
            return 0;
        } catch (ConnectException e) {
            err.printf("client: cannot connect to %s: %s (is the server running?)%n", where, e.getMessage());
        } catch (Exchange.ShortReplyException e) {
            err.printf("client: %s%n", e.getMessage());
        } catch (IOException e) {
            err.printf("client: connection to %s failed: %s%n", where, e.getMessage());
        }
        return Cli.FAILED;
    }

    private String prompt() throws IOException {
        if (interactive) {
            out.print(">>: ");
            out.flush();
        }
        return in.readLine();
    }

    private void exchange(SocketChannel server, String text) throws IOException {
        byte[] reply = Exchange.roundTrip(server, text.getBytes(StandardCharsets.UTF_8));
        out.println(new String(reply, StandardCharsets.UTF_8));
        out.flush();
    }

    /** A prompt only for a person at a terminal, not for a script piping lines in. */
    private static boolean isTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            // JDK 22+ may return a Console for redirected input too; isTerminal() then tells.
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // JDK 21: a non-null console is a terminal
        }
    }
}
