import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * The note's client, for any exercise's server: a prompt {@code >>: }; each line you type is sent,
 * and the whole reply printed (the note's single {@code recv(1024)} may print part of one). Empty
 * lines are skipped, as in the note; end of input (Ctrl-D) closes the connection. JDK only, one
 * file, no build:
 *
 * <pre>
 *     java exercises/kit/Client.java 8081          (or: exercises/04-select/run.sh java client)
 * </pre>
 *
 * Exit 0 when the input ends, 1 when the server closed or reset the connection first, 2 for a bad
 * command line or a server that cannot be reached.
 */
public final class Client {

    public static void main(String[] args) throws IOException {
        if (args.length != 1 || !args[0].matches("\\d{1,5}") || Integer.parseInt(args[0]) > 65535) {
            System.err.println("usage: java exercises/kit/Client.java PORT   (a server on 127.0.0.1:PORT)");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        SocketChannel server;
        try {
            server = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
        } catch (IOException e) {
            System.err.println("client: cannot connect to 127.0.0.1:" + port + ": " + e.getMessage()
                    + " (is the server running?)");
            System.exit(2);
            return;
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (server) {
            while (true) {
                System.out.print(">>: ");
                System.out.flush();
                String line = in.readLine();
                if (line == null) {
                    System.out.println();
                    return;
                }
                String cmd = line.strip(); // cmd = input('>>:').strip()
                if (cmd.isEmpty()) {
                    continue; // if not cmd: continue
                }
                byte[] request = cmd.getBytes(StandardCharsets.UTF_8);
                ByteBuffer out = ByteBuffer.wrap(request);
                while (out.hasRemaining()) {
                    server.write(out); // client.send(cmd.encode('utf-8'))
                }
                ByteBuffer reply = ByteBuffer.allocate(request.length);
                while (reply.hasRemaining()) { // the whole reply: as many bytes as were sent
                    if (server.read(reply) < 0) {
                        System.err.println("client: the server closed the connection after " + reply.position()
                                + " of " + request.length + " bytes");
                        System.exit(1);
                    }
                }
                System.out.println(new String(reply.array(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) { // a reset, mostly: a server that closes with our bytes unread resets
            System.err.println("client: the server reset the connection (" + e.getMessage() + ")");
            System.exit(1);
        }
    }
}
