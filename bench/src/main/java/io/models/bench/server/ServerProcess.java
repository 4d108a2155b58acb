package io.models.bench.server;

import com.sun.management.OperatingSystemMXBean;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One server under test, in its own process: started on a free port ({@code --port 0}), ready once
 * it has printed {@code listening on HOST:PORT} and accepted a probe connection, stopped with
 * SIGTERM (then SIGKILL if it does not end). Its output is drained, and the last lines kept, so a
 * server that fails says why.
 */
public final class ServerProcess implements MeasuredServer {

    static final String HOST = "127.0.0.1";
    /** Every server JVM's heap unless {@code --heap} says otherwise. */
    public static final String DEFAULT_HEAP = "64m";
    private static final long MIN_HEAP = 2 << 20;
    private static final Pattern LISTENING = Pattern.compile("listening on (\\S+):(\\d+)");
    private static final int TAIL_LINES = 12;

    private final Process process;
    private final String name;
    private final ArrayDeque<String> tail = new ArrayDeque<>();
    private final CompletableFuture<Integer> port = new CompletableFuture<>();
    private final CountDownLatch drained = new CountDownLatch(2); // stdout and stderr read to their end
    private volatile boolean outOfMemory;
    private int boundPort;

    private ServerProcess(String name, Process process) {
        this.name = name;
        this.process = process;
    }

    /** The same for every server JVM: a fixed heap, the log quiet (a chapter's own JVM flags come after). */
    public static List<String> jvmFlags(String heap) {
        return List.of("-Xms" + heap, "-Xmx" + heap, "-XX:+UseSerialGC", "-Dio.models.log=WARNING");
    }

    /** {@code 64m}, {@code 512M}, {@code 1g}: what -Xmx takes (--heap), at least what a JVM starts with, at most this machine's memory. */
    public static void checkHeap(String size) {
        Matcher m = Pattern.compile("([0-9]{1,12})([kKmMgGtT]?)").matcher(size);
        if (!m.matches()) {
            throw new IllegalArgumentException("--heap '" + size + "' is not a size such as 64m, 512m or 1g");
        }
        int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        double bytes = Long.parseLong(m.group(1)) * Math.pow(2, shift);
        long memory = ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
        if (bytes < MIN_HEAP) {
            throw new IllegalArgumentException("--heap " + size + " is too small: a JVM does not start with less than 2m");
        }
        if (bytes > memory) {
            throw new IllegalArgumentException("--heap " + size + " is more than this machine's memory (" + (memory >> 20) + " MiB)");
        }
    }

    /** The java running the bench runs every server too. */
    public static Path javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** Starts {@code command} and returns once the server accepts connections. */
    public static ServerProcess start(String name, List<String> command, Duration timeout) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        ServerProcess server = new ServerProcess(name, pb.start());
        server.drain(server.process.getInputStream(), "out");
        server.drain(server.process.getErrorStream(), "err");
        try {
            server.awaitListening(timeout);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** A server that did not start: what happened, and its last output lines apart. */
    public static final class NotStarted extends IOException {
        public final String what;
        public final List<String> tail;

        NotStarted(String what, List<String> tail) {
            super(what + (tail.isEmpty() ? "" : "; its last output:\n    " + String.join("\n    ", tail)));
            this.what = what;
            this.tail = tail;
        }
    }

    private void awaitListening(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            boundPort = port.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new NotStarted(name + " printed no 'listening on' line within " + timeout.toSeconds() + " s", tail());
        } catch (ExecutionException e) {
            try {
                process.waitFor(5, TimeUnit.SECONDS); // its output ended: its exit code is a moment away
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
            throw new NotStarted(name + " ended before it listened (exit code " + exitCode() + ")", tail());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        // It said it listens: wait until it really accepts.
        IOException last = null;
        while (System.nanoTime() < deadline) {
            try (SocketChannel probe = SocketChannel.open(new InetSocketAddress(HOST, boundPort))) {
                return;
            } catch (IOException e) {
                last = e;
            }
            if (!process.isAlive()) {
                break;
            }
            sleep(20);
        }
        throw new NotStarted(name + " does not accept on " + HOST + ":" + boundPort + ": " + last, tail());
    }

    private void drain(InputStream in, String which) {
        Thread.ofPlatform().name("bench-drain-" + which).daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    if (!port.isDone()) {
                        Matcher m = LISTENING.matcher(line);
                        if (m.find()) {
                            port.complete(Integer.parseInt(m.group(2)));
                        }
                    }
                    if (line.contains("OutOfMemoryError")) {
                        outOfMemory = true;
                    }
                    synchronized (tail) {
                        tail.add(line);
                        if (tail.size() > TAIL_LINES) {
                            tail.poll();
                        }
                    }
                }
            } catch (IOException e) {
                // the process has gone
            } finally {
                if (!port.isDone()) {
                    port.completeExceptionally(new IOException("output ended"));
                }
                drained.countDown();
            }
        });
    }

    @Override
    public InetSocketAddress address() {
        return new InetSocketAddress(HOST, boundPort);
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public boolean alive() {
        return process.isAlive();
    }

    @Override
    public boolean outOfMemory() {
        return outOfMemory;
    }

    /** The last lines the server printed (stdout and stderr). */
    @Override
    public List<String> tail() {
        synchronized (tail) {
            return new ArrayList<>(tail);
        }
    }

    /** Waits (at most {@code timeout}) until the output of a process that has ended is read to its end, so its tail is whole. */
    public void awaitOutput(Duration timeout) throws InterruptedException {
        drained.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The exit code, or "none yet" while it runs. */
    public String exitCode() {
        try {
            return Integer.toString(process.exitValue());
        } catch (IllegalThreadStateException e) {
            return "none yet";
        }
    }

    /** SIGTERM (a clean stop: the servers close every connection and thread), then SIGKILL. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
