package io.models.bench.soak;

import io.models.bench.load.Load;
import io.models.bench.load.LoadGen;
import io.models.bench.server.MeasuredServer;
import io.models.common.linux.Proc;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One soak: the whole {@link Mix} on one server at once, for {@link Timing#length}, and a
 * {@link Sample} of the server every {@link Timing#period}, read from outside. It stops by itself at
 * the end of its time, at the first fault (a wrong or missing byte, a server that died), or when
 * asked ({@link #stop}, Ctrl-C); every client it started has ended when {@link #run} returns.
 *
 * <p>The load generator's two parts are the benchmark's {@link LoadGen}, one thread each: the
 * ping-pong connections with the idle ones, and the stream. The reset clients ({@link Resetter})
 * and the slow reader ({@link SlowReader}) are the soak's own.
 */
final class Soak {

    /**
     * How long, and how often it looks.
     *
     * @param length the whole soak, from the moment the mix is up
     * @param period between two samples
     * @param settle the first minute: its last samples are the level drift is measured from
     */
    record Timing(Duration length, Duration period, Duration settle) {

        static Timing minutes(int minutes) {
            return new Timing(Duration.ofMinutes(minutes), Duration.ofSeconds(10), Duration.ofMinutes(1));
        }
    }

    /**
     * What the mix did over the whole soak, every byte counted here checked.
     *
     * @param requests       ping-pong requests whose whole reply came back
     * @param pingPongBytes  their reply bytes
     * @param streamBytes    the stream's reply bytes
     * @param resets         connections reset: at once, after a whole reply, in the middle of one
     * @param resetBytes     reply bytes the reset clients read
     * @param slowBytes      bytes the slow reader read back
     * @param stalls         times the slow reader stopped reading, then drained
     * @param mostHeld       the most it had sent and not read back when a stall ended
     * @param longestDrain   the longest its drains took, in ns (late bytes, not missing ones)
     * @param starved        samples in which a ping-pong or stream connection got nothing back
     * @param errorSamples   the first connection failures, as the load generator said them
     */
    record Totals(long requests, long pingPongBytes, long streamBytes, long[] resets, long resetBytes, long slowBytes,
                  int stalls, long mostHeld, long longestDrain, long starved, List<String> errorSamples) {

        long allResets() {
            return resets[0] + resets[1] + resets[2];
        }
    }

    /**
     * How a soak went.
     *
     * @param fault   what failed it (a wrong or missing byte, the server), or null
     * @param stopped true if it was asked to stop before its time (Ctrl-C)
     * @param heapNote why the heap after GC could not be read, or null
     */
    record Result(List<Sample> samples, Totals totals, Faults.Fault fault, boolean stopped, String heapNote) {
    }

    private static final Duration READY = Duration.ofSeconds(30);
    private static final long JOIN_MS = 40_000;

    private final MeasuredServer server;
    private final Mix mix;
    private final Timing timing;
    private final Path javaHome;
    private final Consumer<Sample> progress;
    private final Faults faults = new Faults();
    private volatile boolean stopAsked;
    // What the run has found so far: its thread's only.
    private final List<Sample> samples = new ArrayList<>();
    private long requests;
    private long pingPongBytes;
    private long streamBytes;
    private long starvedSamples;
    private List<String> errorSamples = List.of();
    private String heapNote;

    /**
     * @param javaHome the JDK whose {@code jcmd} reads the heap (the one that runs the server)
     * @param progress told of every sample as it is taken
     */
    Soak(MeasuredServer server, Mix mix, Timing timing, Path javaHome, Consumer<Sample> progress) {
        this.server = server;
        this.mix = mix;
        this.timing = timing;
        this.javaHome = javaHome;
        this.progress = progress;
    }

    /** Ends the soak early (from another thread: a shutdown hook); {@link #run} then returns what it has. */
    void stop() {
        stopAsked = true;
    }

    Result run() throws InterruptedException {
        InetSocketAddress at = server.address();
        List<Resetter> resetters = new ArrayList<>();
        SlowReader slow = new SlowReader(at, mix, faults);
        try (LoadGen pingPong = new LoadGen(at, Load.mixed(mix.pingPong(), mix.pingPongBytes(), mix.idle()), 1);
             LoadGen stream = new LoadGen(at, Load.stream(1, mix.streamBytes()), 1);
             HeapProbe heap = new HeapProbe(javaHome, server.pid())) {
            pingPong.start();
            stream.start();
            slow.connect();
            if (up(pingPong, stream)) {
                pingPong.go();
                stream.go();
                for (int i = 0; i < mix.resetters(); i++) {
                    resetters.add(new Resetter(i + 1, at, mix.resetPause().toMillis(), faults));
                }
                resetters.forEach(r -> r.thread.start());
                slow.thread.start();
                sampleUntilTheEnd(pingPong, stream, heap, resetters, slow);
                end(resetters, slow); // the slow reader reads back what is on its way: a byte missing there is a fault too
            }
            errorSamples = errors(pingPong, stream);
            if (pingPong.errors() + stream.errors() > 0) {
                faults.missing(pingPong.errors() + stream.errors() + " connection(s) of the mix failed: "
                        + String.join("; ", errorSamples));
            }
            watch(pingPong, stream);
        } catch (LoadGen.MismatchException e) {
            faults.wrong(e.getMessage());
        } catch (IOException e) {
            faults.server("cannot connect to the server at " + at + ": " + e.getMessage());
        } finally {
            end(resetters, slow);
        }
        long[] kinds = {0, 0, 0};
        long resetBytes = 0;
        for (Resetter r : resetters) {
            kinds[0] += r.atOnce.get();
            kinds[1] += r.afterReply.get();
            kinds[2] += r.midReply.get();
            resetBytes += r.checked.get();
        }
        Totals totals = new Totals(requests, pingPongBytes, streamBytes, kinds, resetBytes, slow.checked(), slow.stalls,
                slow.mostHeld, slow.longestDrainNanos, starvedSamples, errorSamples);
        return new Result(List.copyOf(samples), totals, faults.first(), stopAsked, heapNote);
    }

    /** A sample every period from now on, until the soak's time is up or it must end. */
    private void sampleUntilTheEnd(LoadGen pingPong, LoadGen stream, HeapProbe heap, List<Resetter> resetters,
                                   SlowReader slow) throws InterruptedException {
        long t0 = System.nanoTime();
        pingPong.startWindow();
        stream.startWindow();
        long resetsBefore = 0;
        long slowBefore = 0;
        for (int i = 0; ; i++) {
            long due = t0 + i * timing.period().toNanos();
            if (!watchUntil(due, pingPong, stream)) {
                return;
            }
            LoadGen.Window p = pingPong.endWindow();
            pingPong.startWindow();
            LoadGen.Window s = stream.endWindow();
            stream.startWindow();
            requests += p.requests();
            pingPongBytes += p.replyBytes();
            streamBytes += s.replyBytes();
            long starved = i == 0 ? 0 : p.starved() + s.starved();
            starvedSamples += starved > 0 ? 1 : 0;
            long resets = resetters.stream().mapToLong(Resetter::resets).sum();
            long slowBytes = slow.checked();
            Sample sample = sample(i * timing.period().toMillis() / 1000.0, heap, p.requests(), s.replyBytes(),
                    resets - resetsBefore, slowBytes - slowBefore, starved);
            resetsBefore = resets;
            slowBefore = slowBytes;
            if (sample == null) {
                watch(pingPong, stream); // the server has gone: this says so
                return;
            }
            if (heap.failure() != null && heapNote == null) {
                heapNote = heap.failure();
            }
            samples.add(sample);
            progress.accept(sample);
            if (due >= t0 + timing.length().toNanos()) {
                return;
            }
        }
    }

    /** Waits until every connection of the mix is open and answered once; a fault if they are not within {@link #READY}. */
    private boolean up(LoadGen pingPong, LoadGen stream) throws InterruptedException {
        boolean ready = pingPong.awaitReady(READY, Duration.ofSeconds(10)) && stream.awaitReady(READY, Duration.ofSeconds(10));
        if (!ready) {
            int expected = mix.pingPong() + mix.idle() + 1;
            faults.server("the server did not take the mix: within %d s, %d of its %d connections were open and %d answered once"
                    .formatted(READY.toSeconds(), pingPong.connected() + stream.connected(), expected,
                            pingPong.answered() + stream.answered()));
        }
        return ready;
    }

    /**
     * Watches the soak until {@code due}: false as soon as it must end (a fault, a server gone, a stop asked).
     * The load generators throw {@link LoadGen.MismatchException} at a wrong byte.
     */
    private boolean watchUntil(long due, LoadGen pingPong, LoadGen stream) throws InterruptedException {
        while (true) {
            if (!watch(pingPong, stream) || stopAsked) {
                return false;
            }
            long left = due - System.nanoTime();
            if (left <= 0) {
                return true;
            }
            Thread.sleep(Math.max(1, Math.min(200, left / 1_000_000)));
        }
    }

    /** False if the soak must end: a fault so far, a connection of the mix lost, the server gone or out of memory. */
    private boolean watch(LoadGen pingPong, LoadGen stream) {
        pingPong.checkMismatch();
        stream.checkMismatch();
        if (pingPong.errors() + stream.errors() > 0) {
            faults.missing(pingPong.errors() + stream.errors() + " connection(s) of the mix failed: "
                    + String.join("; ", errors(pingPong, stream)));
        }
        if (!server.alive()) {
            List<String> tail = server.tail();
            faults.server("the server process died" + (tail.isEmpty() ? "" : "; its last output: "
                    + String.join(" | ", tail.subList(Math.max(0, tail.size() - 3), tail.size()))));
        }
        if (server.outOfMemory()) {
            faults.server("the server ran out of memory (java.lang.OutOfMemoryError in its output)");
        }
        return faults.first() == null;
    }

    private static List<String> errors(LoadGen pingPong, LoadGen stream) {
        List<String> all = new ArrayList<>();
        try {
            all.addAll(pingPong.endWindow().errorSamples());
            all.addAll(stream.endWindow().errorSamples());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            all.add(e.getMessage());
        }
        return all;
    }

    /** The server's descriptors, threads and RSS from /proc, then its heap after a full collection; null if it is gone. */
    private Sample sample(double seconds, HeapProbe heap, long requests, long streamBytes, long resets, long slowBytes,
                          long starved) throws InterruptedException {
        Proc proc = Proc.of(server.pid());
        int fds;
        Proc.Sample s;
        try {
            fds = proc.fds();
            s = proc.sample();
        } catch (IOException e) {
            return null;
        }
        if (s == null) {
            return null;
        }
        long heapKiB = heap.afterGcKiB(); // after /proc: the collection it asks for comes after the reading
        return new Sample(seconds, fds, s.threads(), s.rssKiB(), heapKiB, requests, streamBytes, resets, slowBytes, starved);
    }

    /** Stops the reset clients and the slow reader (which reads back what is on its way first), and waits for them. */
    private static void end(List<Resetter> resetters, SlowReader slow) throws InterruptedException {
        resetters.forEach(Resetter::stop);
        if (slow.thread.isAlive()) {
            slow.stop();
        }
        long deadline = System.currentTimeMillis() + JOIN_MS;
        for (Resetter r : resetters) {
            r.thread.join(Math.max(1, deadline - System.currentTimeMillis()));
        }
        slow.thread.join(Math.max(1, deadline - System.currentTimeMillis()));
    }
}
