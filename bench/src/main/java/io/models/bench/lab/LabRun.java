package io.models.bench.lab;

import io.models.bench.load.LoadGen;
import io.models.bench.server.DiesWithTheBench;
import io.models.bench.server.ServerProcess;
import io.models.bench.server.Subject;
import io.models.bench.sweep.Runner;
import io.models.common.chapter.Text;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One run of the lab: a model's server in its own process, as in the benchmark, driven by the
 * benchmark's load generator and sampled once a second. The run's own thread owns the server and
 * the generator; the page only asks (a new load, stop) and reads the samples.
 */
public final class LabRun {

    /** How a run is set up: where the servers are, the JVM flags, the heartbeat it needs. */
    public record Setup(Runner.Env env, Duration heartbeat) {
    }

    private static final Duration TICK = Duration.ofSeconds(1);
    private static final Duration STARTUP = Duration.ofSeconds(30);

    public final int id;
    public final Subject subject;
    /** True for a page's run: it stops when the page stops asking about it (the heartbeat). */
    final boolean watched;
    final Duration limit;
    private final Setup setup;
    private final long created = System.nanoTime();
    private final Thread thread;
    private final LabSamples samples = new LabSamples();
    private final AtomicReference<LoadMix> pending = new AtomicReference<>();
    private final BlockingQueue<Boolean> wake = new ArrayBlockingQueue<>(1);
    private final PageSilence silence = new PageSilence(created);
    private volatile long ended;
    private volatile RunState state = RunState.STARTING;
    private volatile Text reason;
    private volatile Text stopAsked;
    private volatile LoadMix mix;
    private volatile long pid = -1;
    private volatile int port;
    private volatile List<String> tail = List.of();
    /** The load on the server, or null before it is on: the run's thread only. */
    private LabLoad load;

    public LabRun(int id, Subject subject, LoadMix mix, boolean watched, Duration limit, Setup setup) {
        this.id = id;
        this.subject = subject;
        this.mix = mix;
        this.watched = watched;
        this.limit = limit;
        this.setup = setup;
        this.thread = Thread.ofPlatform().name("lab-run-" + id).unstarted(this::run);
    }

    public void start() {
        thread.start();
    }

    public RunState state() {
        return state;
    }

    public long pid() {
        return pid;
    }

    public LoadMix mix() {
        return mix;
    }

    /** The page (or a script) asked about this run: it is still wanted. */
    void seen() {
        silence.heard(System.nanoTime(), state == RunState.RUNNING);
    }

    /** The longest its page has gone without a word while it ran, the silence going on now included. */
    public Duration longestSilence() {
        return silence.longest(System.nanoTime(), state == RunState.RUNNING);
    }

    /** A new load; the old connections close and the new ones open, on the same server. */
    void change(LoadMix next) {
        RunState s = state;
        if (s.over() || s == RunState.STOPPING) {
            throw LabError.conflict("run " + id + " has ended (" + s.json() + "): start a new one",
                    "运行 " + id + " 已经结束（" + s.zh + "）：请重新开始");
        }
        mix = next;
        pending.set(next);
        wake.offer(true);
    }

    void stop(Text why) {
        if (stopAsked == null) {
            stopAsked = why;
        }
        if (!state.over()) {
            state = RunState.STOPPING; // the run's thread ends it, and says so when the server is gone
        }
        wake.offer(true);
    }

    /** Waits until the run has ended and its server is gone. */
    public boolean join(Duration timeout) throws InterruptedException {
        return thread.join(timeout);
    }

    /** How a run ended, and why. */
    private record End(RunState state, Text why) {
    }

    private void run() {
        ServerProcess server = null;
        End end;
        try {
            server = ServerProcess.start(subject.name(), DiesWithTheBench.command(command()), STARTUP);
            pid = server.pid();
            port = server.address().getPort();
            if (stopAsked == null) {
                state = RunState.RUNNING;
            }
            end = watch(server);
        } catch (ServerProcess.NotStarted e) {
            tail = e.tail;
            end = new End(RunState.FAILED, LabReasons.notStarted(e.what));
        } catch (IOException e) {
            end = new End(RunState.FAILED, LabReasons.cannotStart(e.getMessage()));
        } catch (LoadGen.MismatchException e) {
            end = new End(RunState.FAILED, LabReasons.wrongReply(e.getMessage()));
        } catch (InterruptedException e) {
            end = new End(RunState.STOPPED, LabReasons.LAB_STOPPING);
        } catch (RuntimeException e) {
            end = new End(RunState.FAILED, LabReasons.labFailed(e));
        }
        if (!state.over()) {
            state = RunState.STOPPING;
        }
        if (load != null) {
            load.close();
        }
        if (server != null) {
            server.close();
            try {
                server.awaitOutput(Duration.ofSeconds(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            tail = server.tail();
        }
        reason = end.why();
        ended = System.nanoTime();
        state = end.state();
    }

    /**
     * The run itself: the load on, a sample a second, a new load when asked, until it is asked to
     * stop, its page goes quiet, its time is up or its server dies.
     */
    private End watch(ServerProcess server) throws InterruptedException {
        load = new LabLoad(server.address(), pid, setup.env().clientThreads(), mix);
        long next = load.started() + TICK.toNanos();
        while (true) {
            LoadMix change = pending.getAndSet(null);
            if (change != null) {
                mix = change;
                load.change(change);
            }
            Text why = stopReason();
            if (why != null) {
                return new End(RunState.STOPPED, why);
            }
            long now = System.nanoTime();
            if (now < next) {
                wake.poll(Math.max(1, (next - now) / 1_000_000), TimeUnit.MILLISECONDS);
                continue;
            }
            next = Math.max(next + TICK.toNanos(), now + TICK.toNanos() / 2);
            samples.add(load.sample());
            if (!server.alive()) {
                server.awaitOutput(Duration.ofSeconds(2));
                return new End(RunState.DIED, LabReasons.serverEnded(server.exitCode(), server.outOfMemory()));
            }
        }
    }

    private List<String> command() {
        Runner.Env env = setup.env();
        return subject.command(env.root(), env.java(), env.jvmFlags(), env.c().binary);
    }

    /** Why the run stops now, or null: asked to, its page has gone quiet, its time is up. */
    private Text stopReason() {
        long now = System.nanoTime();
        if (stopAsked != null) {
            return stopAsked;
        }
        if (watched && silence.over(now, setup.heartbeat())) {
            return LabReasons.pageGone(setup.heartbeat());
        }
        if (now - created >= limit.toNanos()) {
            return LabReasons.timeUp(limit);
        }
        return null;
    }

    /** Samples from number {@code from} on (0: all). */
    public List<LabSample> samples(int from) {
        return samples.from(from);
    }

    int sampleCount() {
        return samples.count();
    }

    /** The run as {@code /api/runs/{id}} shows it. */
    public Map<String, Object> json() {
        Map<String, Object> j = new LinkedHashMap<>();
        RunState s = state;
        j.put("id", id);
        j.put("model", subject.name());
        j.put("module", subject.module());
        j.put("state", s.json());
        Text why = reason;
        j.put("reason", why == null ? null : why.en());
        j.put("reasonText", why == null ? null : LabModels.text(why));
        j.put("load", mix.json());
        j.put("pid", pid);
        j.put("port", port);
        j.put("seconds", Math.round(((s.over() ? ended : System.nanoTime()) - created) / 1e8) / 10.0);
        j.put("limitSeconds", limit.toSeconds());
        j.put("watched", watched);
        // How long its page has gone without a word, at most (a script's run has no page: null).
        j.put("longestSilenceSeconds", watched ? Math.round(longestSilence().toMillis() / 100.0) / 10.0 : null);
        j.put("samples", sampleCount());
        j.put("tail", s.over() ? tail : List.of());
        return j;
    }
}
