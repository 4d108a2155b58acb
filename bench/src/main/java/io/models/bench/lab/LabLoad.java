package io.models.bench.lab;

import io.models.bench.load.Load;
import io.models.bench.load.LoadGen;
import io.models.bench.sweep.ProcReadings;
import io.models.common.linux.Proc;
import java.net.InetSocketAddress;

/**
 * The load on a lab run's server and what is read of it each second: the load generator of the mix
 * asked for, and a sample from its window and the server's /proc. Only the run's own thread uses it.
 */
final class LabLoad implements AutoCloseable {

    private final InetSocketAddress server;
    private final long pid;
    private final int threads;
    private final long started = System.nanoTime();
    /** The load generator now, or null (no connections). */
    private LoadGen gen;
    private Proc.Sample before;
    private long beforeAt;

    /** Puts the mix on the server at {@code server}, whose process is {@code pid}; a sample's time counts from now. */
    LabLoad(InetSocketAddress server, long pid, int threads, LoadMix mix) {
        this.server = server;
        this.pid = pid;
        this.threads = threads;
        gen = generator(mix);
        before = ProcReadings.sample(pid);
        beforeAt = System.nanoTime();
    }

    /** When the load went on (System.nanoTime). */
    long started() {
        return started;
    }

    /** A new load: the old connections close and the new ones open, on the same server. */
    void change(LoadMix next) {
        close();
        gen = generator(next);
    }

    /** Ends the window since the last sample, starts the next, and says what the server and the load did in it. */
    LabSample sample() throws InterruptedException {
        LoadGen.Window w = gen == null ? null : gen.endWindow();
        if (gen != null) {
            gen.startWindow();
        }
        Proc.Sample after = ProcReadings.sample(pid);
        long afterAt = System.nanoTime();
        LabSample s = LabSample.of((afterAt - started) / 1e9, w, pid, before, beforeAt, after, afterAt, gen == null ? 0 : gen.open());
        before = after;
        beforeAt = afterAt;
        return s;
    }

    private LoadGen generator(LoadMix m) {
        if (m.connections() == 0) {
            return null;
        }
        // Every connection is answered once before its load starts, as in the benchmark.
        LoadGen g = new LoadGen(server, new Load(Load.Kind.PING_PONG, m.active(), m.bytes(), m.idle(), true), threads);
        g.start();
        g.go();
        g.startWindow();
        return g;
    }

    @Override
    public void close() {
        if (gen != null) {
            gen.close();
            gen = null;
        }
    }
}
