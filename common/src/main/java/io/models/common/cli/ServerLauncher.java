package io.models.common.cli;

import io.models.common.chapter.Chapter;
import io.models.common.chapter.Flag;
import io.models.common.chapter.Options;
import io.models.common.server.BaseServer;
import io.models.common.server.EchoServer;
import io.models.common.server.EventLoop;
import io.models.common.server.Logging;
import io.models.common.server.Model;
import io.models.common.server.ServerConfig;
import io.models.common.server.Threads;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.TypeConversionException;

/**
 * What every chapter's {@code main} does: parse the flags its descriptor declares, start the
 * server, say what it is and how to reach it, serve until Ctrl-C, then close it cleanly.
 */
public final class ServerLauncher {

    private ServerLauncher() {
    }

    /** A chapter's {@code main}: {@code java -jar 04-select.jar [flags]}. Exits with the code {@link #launch} returns. */
    public static void main(Chapter chapter, String[] args) {
        System.exit(launch(chapter, args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * Parses {@code args} by the chapter's flags (the shared {@link ServerOptions}, then its own), and
     * serves: 0 after a clean stop, {@link Cli#USAGE} with one line and the usage for a bad flag,
     * {@link Cli#FAILED} with one line if the server cannot start.
     */
    static int launch(Chapter chapter, String[] args, PrintWriter out, PrintWriter err) {
        ServerOptions server = new ServerOptions(chapter.port());
        CommandLine cl = new CommandLine(command(chapter, server));
        cl.setOut(out);
        cl.setErr(err);
        cl.setUsageHelpAutoWidth(true);
        cl.setExecutionStrategy(parsed -> {
            Integer help = CommandLine.executeHelpRequest(parsed);
            if (help != null) {
                return help;
            }
            List<String> given = new ArrayList<>();
            for (Flag f : chapter.flags()) {
                if (parsed.hasMatchedOption(f.name())) {
                    given.addAll(List.of(f.name(), parsed.matchedOptionValue(f.name(), "")));
                }
            }
            Options options = chapter.options(given);
            Model model;
            try {
                model = chapter.model(options);
            } catch (UnsupportedOperationException e) { // this machine cannot run it (a transport, a selector)
                err.println(e.getMessage());
                return Cli.FAILED;
            }
            return serve(new BaseServer(server.config(), model), server.config(), chapter.describe(options));
        });
        return cl.execute(args);
    }

    /** The command line of a chapter: {@code --host}, {@code --port}, ... and its own flags, each checked as it is parsed. */
    static CommandSpec command(Chapter chapter, ServerOptions server) {
        CommandSpec spec = CommandSpec.create().name(chapter.name()).mixinStandardHelpOptions(true);
        spec.usageMessage().description(chapter.section() + ": " + chapter.about().en()).sortOptions(false);
        spec.addMixin("server", CommandSpec.forAnnotatedObject(server));
        for (Flag f : chapter.flags()) {
            String byDefault = f.byDefault().isEmpty() ? "" : " Default: " + f.byDefault() + ".";
            spec.addOption(OptionSpec.builder(f.name()).paramLabel(f.label()).type(String.class)
                    .description(f.help().en() + byDefault)
                    .converters(value -> {
                        try {
                            return f.check(value);
                        } catch (IllegalArgumentException e) {
                            throw new TypeConversionException(e.getMessage());
                        }
                    })
                    .build());
        }
        return spec;
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
            Threads.await(stopped);
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
            Threads.await(stop);
            server.close(); // the listener, every connection, every thread
            out.printf("%n%s stopped: %s%s%n", server.name(), server.stats(),
                    EventLoop.of(server) instanceof EventLoop loop ? ", select() returned " + loop.wakeups() + " times" : "");
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

    static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }
}
