package io.models.conformance;

import io.models.common.linux.Proc;
import io.models.conformance.cases.ServerProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server the checker starts itself ({@code --exec "CMD {port}"}): {@code sh -c CMD} with the port
 * put in, in a process group of its own (through {@code setsid}, where there is one), its output
 * kept, and the whole group killed at the end. It is ready once a process of its tree listens on
 * the port (read in /proc: no connection is made to find out, since a connection that ends is
 * itself something some servers get wrong); that process is the server the cases measure.
 */
final class ServerCommand implements AutoCloseable {

    /** The placeholder for the port in {@code --exec}'s command. */
    static final String PORT = "{port}";
    /** Lines of the server's output kept: the last ones go into a failed case's report. */
    private static final int KEPT = 200;
    /** Lines of the server's output shown under a failed case. */
    static final int SHOWN = 10;

    private final Process process;
    private final boolean ownGroup;
    private final String command;
    private final int port;
    private final Deque<String> lines = new ArrayDeque<>();
    private long printed; // lines printed so far, kept or not
    private volatile ServerProcess server;
    private final Thread output;

    /** The server could not be started, or did not listen in time: one line (and its last lines) saying why. */
    static final class CannotStart extends Exception {
        private static final long serialVersionUID = 1L;
        final transient List<String> output;

        CannotStart(String why, List<String> output) {
            super(why, null, false, false);
            this.output = List.copyOf(output);
        }
    }

    private ServerCommand(Process process, boolean ownGroup, String command, int port) {
        this.process = process;
        this.ownGroup = ownGroup;
        this.command = command;
        this.port = port;
        // A platform thread: under load, virtual ones may start too late to catch a quick exit's lines.
        this.output = Thread.ofPlatform().daemon().name("server-output").start(this::keepOutput);
    }

    /** {@code template} with {@code {port}} replaced by {@code port}. */
    static String command(String template, int port) {
        return template.replace(PORT, String.valueOf(port));
    }

    /**
     * Starts {@code sh -c command} and waits until a process of its tree listens on {@code port}
     * (at most {@code patience}); fails at once if it exits first.
     */
    static ServerCommand start(String command, InetSocketAddress address, Duration patience) throws CannotStart {
        boolean setsid = Files.isExecutable(Path.of("/usr/bin/setsid")) || Files.isExecutable(Path.of("/bin/setsid"));
        List<String> argv = new ArrayList<>();
        if (setsid) {
            argv.add("setsid"); // a session and process group of its own: its pid is the group's id
        }
        argv.addAll(List.of("sh", "-c", command));
        Process p;
        try {
            p = new ProcessBuilder(argv).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(
                    Path.of("/dev/null").toFile())).start();
        } catch (IOException e) {
            throw new CannotStart(Messages.get("exec.cannot-run", command, e.getMessage()), List.of());
        }
        ServerCommand s = new ServerCommand(p, setsid, command, address.getPort());
        try {
            s.awaitListening(address, patience);
        } catch (CannotStart e) {
            s.close();
            throw e;
        }
        return s;
    }

    private void awaitListening(InetSocketAddress address, Duration patience) throws CannotStart {
        long end = System.nanoTime() + patience.toNanos();
        boolean proc = Proc.available();
        while (true) {
            if (!process.isAlive()) {
                awaitOutputEnd(); // the last of its output
                throw new CannotStart(Messages.get("exec.exited", command, process.exitValue(), port), lastLines());
            }
            try {
                if (proc) {
                    var listener = ServerProcess.listener(process.pid(), port);
                    if (listener != null) {
                        server = ServerProcess.of(listener);
                        return;
                    }
                } else if (connects(address)) {
                    return; // no /proc: a connection is the only way to see it listen
                }
            } catch (IOException e) {
                // the tree changed while it was read: look again
            }
            if (System.nanoTime() - end > 0) {
                throw new CannotStart(Messages.get("exec.not-listening", command, patience.toSeconds(), port),
                        lastLines());
            }
            sleepQuietly(50);
        }
    }

    /** Waits (at most 2 s: a child of the server may keep the pipe open) until its output has ended. */
    private void awaitOutputEnd() {
        try {
            output.join(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean connects(InetSocketAddress address) {
        try (Socket s = new Socket()) {
            s.connect(address, 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void keepOutput() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                synchronized (lines) {
                    lines.addLast(line);
                    printed++;
                    if (lines.size() > KEPT) {
                        lines.removeFirst();
                    }
                }
            }
        } catch (IOException e) {
            // the server's output ended
        }
    }

    /** The server: the process of the tree that listens on the port (null without /proc). */
    ServerProcess server() {
        return server;
    }

    int port() {
        return port;
    }

    /** How many lines the server has printed so far: a mark for {@link #linesSince(long)}. */
    long mark() {
        synchronized (lines) {
            return printed;
        }
    }

    /** The last {@value #SHOWN} lines printed after {@code mark} (and kept). */
    List<String> linesSince(long mark) {
        synchronized (lines) {
            List<String> all = new ArrayList<>(lines);
            int since = (int) Math.min(all.size(), printed - mark);
            return all.subList(all.size() - Math.min(since, SHOWN), all.size());
        }
    }

    /** Its last {@value #SHOWN} lines. */
    List<String> lastLines() {
        return linesSince(0);
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Ends the whole process group (TERM, then KILL after 2 s), or without a group of its own, the tree. */
    @Override
    public void close() {
        if (ownGroup) {
            signalGroup("-TERM");
            long end = System.nanoTime() + 2_000_000_000L;
            while (groupAlive() && System.nanoTime() < end) {
                sleepQuietly(20);
            }
            if (groupAlive()) {
                signalGroup("-KILL");
            }
        } else {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean groupAlive() {
        return signalGroup("-0");
    }

    /** {@code kill SIGNAL -- -PGID}: true if some process of the group got it. */
    private boolean signalGroup(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", signal, "--", "-" + process.pid())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return kill.waitFor(5, TimeUnit.SECONDS) && kill.exitValue() == 0;
        } catch (IOException e) {
            process.destroyForcibly();
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
