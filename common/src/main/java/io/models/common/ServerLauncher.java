package io.models.common;

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
        PrintStream out = System.out;
        String where = config.host() + ":" + config.port();
        try {
            server.start();
        } catch (BindException e) {
            System.err.printf("%s: cannot listen on %s: %s (another server on that port? choose one with --port)%n",
                    server.name(), where, e.getMessage());
            return Cli.FAILED;
        } catch (IOException e) {
            System.err.printf("%s: cannot listen on %s: %s%n", server.name(), where, e.getMessage());
            return Cli.FAILED;
        }

        // Ctrl-C: close the listener and every connection, let every thread end, then report.
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            out.printf("%n%s stopped: %s%n", server.name(), server.stats());
            stopped.countDown();
        }, server.name() + "-shutdown"));

        out.printf("%s: %s%n", server.name(), model);
        out.printf("listening on %s:%d%n", config.host(), server.port());
        if (!isLoopback(config.host())) {
            out.printf("warning: %s is reachable from other machines, not only this one%n", config.host());
        }
        out.printf("connect:  java -cp %s/target/%s.jar io.models.common.Client --host %s --port %d%n",
                server.name(), server.name(), config.host(), server.port());
        out.printf("      or: ./mvnw -q -pl %s exec:java@client   (default port only)%n", server.name());
        out.println("Ctrl-C stops the server.");
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }
}
