package io.models.common.cli;

import io.models.common.server.EchoServer;
import io.models.common.server.EventLoop;
import io.models.common.server.Logging;
import io.models.common.server.ServerConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.util.concurrent.CountDownLatch;

/**
 * What every chapter's {@code main} does once its flags are parsed: start the server, say what it
 * is and how to reach it, serve until Ctrl-C, then close it cleanly.
 */
public final class ServerLauncher {

    private ServerLauncher() {
    }

    /**
     * Starts {@code server} and blocks until the JVM is asked to stop (Ctrl-C, SIGTERM).
     *
     * @param model one line naming the model in the note's words
     * @return the exit code: 0 after a clean stop, {@link Cli#FAILED} if it could not listen
     */
    public static int serve(EchoServer server, ServerConfig config, String model) {
        Logging.setUp();
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        // Ctrl-C: the hook asks main to stop and waits until it has closed everything.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            awaitQuietly(stopped);
        }, server.name() + "-shutdown"));
        return serve(server, config, model, System.out, System.err, stop, stopped);
    }

    /** The same, stopping when {@code stop} opens; counts {@code stopped} down when all is closed. */
    static int serve(EchoServer server, ServerConfig config, String model, PrintStream out, PrintStream err,
                     CountDownLatch stop, CountDownLatch stopped) {
        try {
            String where = config.host() + ":" + config.port();
            try {
                server.start();
            } catch (BindException e) {
                err.printf("%s: cannot listen on %s: %s (another server on that port? choose one with --port)%n",
                        server.name(), where, e.getMessage());
                return Cli.FAILED;
            } catch (IOException e) {
                err.printf("%s: cannot listen on %s: %s%n", server.name(), where, e.getMessage());
                return Cli.FAILED;
            }
            out.print(banner(server.name(), model, config.host(), server.port()));
            out.flush();
            awaitQuietly(stop);
            server.close(); // the listener, every connection, every thread
            out.printf("%n%s stopped: %s%s%n", server.name(), server.stats(),
                    server instanceof EventLoop loop ? ", select() returned " + loop.wakeups() + " times" : "");
            out.flush();
            return 0;
        } finally {
            stopped.countDown();
        }
    }

    /** What a server says when it has started: the model, the address, how to connect. */
    static String banner(String name, String model, String host, int port) {
        StringBuilder b = new StringBuilder();
        b.append("%s: %s%n".formatted(name, model));
        b.append("listening on %s:%d%n".formatted(host, port));
        if (!isLoopback(host)) {
            b.append("warning: %s is reachable from other machines, not only this one%n".formatted(host));
        }
        b.append("connect:  java -cp %s/target/%s.jar io.models.common.client.Client --host %s --port %d%n"
                .formatted(name, name, host, port));
        b.append("      or: ./mvnw -q -pl %s -am compile exec:java@client   (default port only)%n".formatted(name));
        b.append("Ctrl-C stops the server.%n".formatted());
        return b.toString();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        boolean interrupted = false;
        while (latch.getCount() > 0) {
            try {
                latch.await();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }
}
