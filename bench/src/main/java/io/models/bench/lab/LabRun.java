package io.models.bench.lab;

import io.models.bench.load.Load;
import io.models.bench.load.LoadGen;
import io.models.bench.server.DiesWithTheBench;
import io.models.bench.server.ServerProcess;
import io.models.bench.server.Subject;
import io.models.bench.sweep.ProcReadings;
import io.models.bench.sweep.Runner;
import io.models.common.chapter.Text;
import io.models.common.linux.Proc;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One run of the lab: a model's server in its own process, as in the benchmark, driven by the
 * benchmark's load generator and sampled once a second. The run's own thread owns the server and
 * the generator; the page only asks (a new load, stop) and reads the samples.
 */
public final class LabRun {

    public enum State {
        STARTING("启动中"), RUNNING("运行中"), STOPPING("停止中"), STOPPED("已停止"), DIED("已崩溃"), FAILED("失败");

        private final String zh;

        State(String zh) {
            this.zh = zh;
        }

        public boolean over() {
            return this == STOPPED || this == DIED || this == FAILED;
        }

        String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Why a run stopped: asked to from its page or a script. */
    static final Text STOPPED_BY_HAND = new Text("stopped from the page (or by a script)", "在页面上（或由脚本）停止");
    /** Why a run stopped: its page said, as it went away, that it was leaving. */
    static final Text LEFT = new Text("its page was closed or left (it said so as it went)", "它的页面关闭或离开了（页面走之前发来了通知）");
    static final Text LAB_STOPPING = new Text("the lab is stopping", "实验台正在停止");
    private static final Pattern ENDED_EARLY = Pattern.compile("(.+) ended before it listened \\(exit code (-?\\d+)\\)");
    private static final Pattern NEVER_LISTENED = Pattern.compile("(.+) printed no 'listening on' line within (\\d+) s");
    private static final Pattern WRONG_BYTE = Pattern.compile("reply byte (\\d+) of (\\d+) is (0x\\p{XDigit}+), expected (0x\\p{XDigit}+)");

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
    private final List<LabSample> samples = new ArrayList<>();
    private final AtomicReference<LoadMix> pending = new AtomicReference<>();
    private final BlockingQueue<Boolean> wake = new ArrayBlockingQueue<>(1);
    private volatile long lastSeen = created;
    /** The longest its page went without a word while it ran (ns), heard so far. */
    private volatile long longestSilence;
    private volatile long ended;
    private volatile State state = State.STARTING;
    private volatile Text reason;
    private volatile Text stopAsked;
    private volatile LoadMix mix;
    private volatile long pid = -1;
    private volatile int port;
    private volatile List<String> tail = List.of();
    /** The load generator now, or null (no connections): the run's thread only. */
    private LoadGen gen;

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

    public State state() {
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
        long now = System.nanoTime();
        synchronized (this) {
            if (state == State.RUNNING) {
                longestSilence = Math.max(longestSilence, now - lastSeen);
            }
            lastSeen = Math.max(lastSeen, now);
        }
    }

    /** The longest its page has gone without a word while it ran, the silence going on now included. */
    public Duration longestSilence() {
        long now = System.nanoTime();
        long quiet = state == State.RUNNING ? now - lastSeen : 0;
        return Duration.ofNanos(Math.max(longestSilence, quiet));
    }

    /** A new load; the old connections close and the new ones open, on the same server. */
    void change(LoadMix next) {
        State s = state;
        if (s.over() || s == State.STOPPING) {
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
            state = State.STOPPING; // the run's thread ends it, and says so when the server is gone
        }
        wake.offer(true);
    }

    /** Waits until the run has ended and its server is gone. */
    public boolean join(Duration timeout) throws InterruptedException {
        return thread.join(timeout);
    }

    /** How a run ended, and why. */
    private record End(State state, Text why) {
    }

    private void run() {
        ServerProcess server = null;
        End end;
        try {
            server = ServerProcess.start(subject.name(), DiesWithTheBench.command(command()), STARTUP);
            pid = server.pid();
            port = server.address().getPort();
            if (stopAsked == null) {
                state = State.RUNNING;
            }
            end = watch(server);
        } catch (ServerProcess.NotStarted e) {
            tail = e.tail;
            end = new End(State.FAILED, new Text("the server did not start: " + e.what, "服务端没有启动：" + notStarted(e.what)));
        } catch (IOException e) {
            end = new End(State.FAILED, new Text("the server did not start: " + e.getMessage(), "服务端没有启动：" + e.getMessage()));
        } catch (LoadGen.MismatchException e) {
            end = new End(State.FAILED, new Text("a reply was not the upper-cased request: " + e.getMessage(),
                    "有一个回复不是请求的大写：" + wrongByte(e.getMessage())));
        } catch (InterruptedException e) {
            end = new End(State.STOPPED, LAB_STOPPING);
        } catch (RuntimeException e) {
            end = new End(State.FAILED, new Text("the lab failed: " + e, "实验台内部出错：" + e));
        }
        if (!state.over()) {
            state = State.STOPPING;
        }
        close(gen);
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
        long t0 = System.nanoTime();
        gen = generator(server, mix);
        Proc.Sample before = ProcReadings.sample(pid);
        long beforeAt = System.nanoTime();
        long next = t0 + TICK.toNanos();
        while (true) {
            LoadMix change = pending.getAndSet(null);
            if (change != null) {
                close(gen);
                gen = null;
                mix = change;
                gen = generator(server, change);
            }
            Text why = stopReason();
            if (why != null) {
                return new End(State.STOPPED, why);
            }
            long now = System.nanoTime();
            if (now < next) {
                wake.poll(Math.max(1, (next - now) / 1_000_000), TimeUnit.MILLISECONDS);
                continue;
            }
            next = Math.max(next + TICK.toNanos(), now + TICK.toNanos() / 2);
            LoadGen.Window w = gen == null ? null : gen.endWindow();
            if (gen != null) {
                gen.startWindow();
            }
            Proc.Sample after = ProcReadings.sample(pid);
            long afterAt = System.nanoTime();
            record(t0, w, before, beforeAt, after, afterAt);
            before = after;
            beforeAt = afterAt;
            if (!server.alive()) {
                server.awaitOutput(Duration.ofSeconds(2));
                boolean oom = server.outOfMemory();
                return new End(State.DIED, new Text("the server process ended (exit code " + server.exitCode() + ")"
                        + (oom ? ": it ran out of memory" : ""), "服务端进程退出了（退出码 " + server.exitCode() + "）"
                        + (oom ? "：内存耗尽" : "")));
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
        if (watched && now - lastSeen > setup.heartbeat().toNanos()) {
            synchronized (this) {
                longestSilence = Math.max(longestSilence, now - lastSeen); // the silence that ends it
            }
            long quiet = setup.heartbeat().toSeconds();
            return new Text("no word from its page for " + quiet + " s: the page is gone",
                    "页面已经 " + quiet + " 秒没有任何消息：它已经不在了");
        }
        if (now - created >= limit.toNanos()) {
            boolean most = limit.equals(LabRuns.MAX_TIME);
            return new Text("its " + limit.toSeconds() + " s are up" + (most ? " (the most a run may take)" : ""),
                    "它的 " + limit.toSeconds() + " 秒到了" + (most ? "（一次运行最长就是这么久）" : ""));
        }
        return null;
    }

    /** {@link ServerProcess.NotStarted}'s words in Chinese, where they are of a form it knows. */
    static String notStarted(String what) {
        Matcher m = ENDED_EARLY.matcher(what);
        if (m.matches()) {
            return m.group(1) + " 还没开始监听就退出了（退出码 " + m.group(2) + "）";
        }
        m = NEVER_LISTENED.matcher(what);
        if (m.matches()) {
            return m.group(1) + " 在 " + m.group(2) + " 秒内没有打印 listening on 那一行";
        }
        return what;
    }

    /** The load generator's words on a wrong byte, in Chinese, where they are of the form it knows. */
    static String wrongByte(String what) {
        Matcher m = WRONG_BYTE.matcher(what);
        return m.matches() ? "回复的第 " + m.group(1) + " 个字节（共 " + m.group(2) + " 个）是 " + m.group(3) + "，应当是 " + m.group(4)
                : what;
    }

    private LoadGen generator(ServerProcess server, LoadMix m) {
        if (m.connections() == 0) {
            return null;
        }
        // Every connection is answered once before its load starts, as in the benchmark.
        LoadGen g = new LoadGen(server.address(), new Load(Load.Kind.PING_PONG, m.active(), m.bytes(), m.idle(), true),
                setup.env().clientThreads());
        g.start();
        g.go();
        g.startWindow();
        return g;
    }

    private static void close(LoadGen g) {
        if (g != null) {
            g.close();
        }
    }

    private void record(long t0, LoadGen.Window w, Proc.Sample before, long beforeAt, Proc.Sample after, long afterAt) {
        LabSample s = LabSample.of((afterAt - t0) / 1e9, w, pid, before, beforeAt, after, afterAt, gen == null ? 0 : gen.open());
        synchronized (samples) {
            samples.add(s);
        }
    }

    /** Samples from number {@code from} on (0: all). */
    public List<LabSample> samples(int from) {
        synchronized (samples) {
            return from >= samples.size() ? List.of() : List.copyOf(samples.subList(Math.max(0, from), samples.size()));
        }
    }

    int sampleCount() {
        synchronized (samples) {
            return samples.size();
        }
    }

    /** The run as {@code /api/runs/{id}} shows it. */
    public Map<String, Object> json() {
        Map<String, Object> j = new LinkedHashMap<>();
        State s = state;
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
