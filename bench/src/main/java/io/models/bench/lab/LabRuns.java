package io.models.bench.lab;

import com.sun.management.UnixOperatingSystemMXBean;
import io.models.bench.load.Load;
import io.models.bench.server.Subject;
import io.models.common.chapter.Text;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The lab's runs: the limits every run keeps, the checks on what a page or a script asks for, and
 * the runs themselves (the finished ones are kept a while, so their samples can still be read).
 */
public final class LabRuns implements AutoCloseable {

    /** Connections a run may have: idle and active together. */
    static final int MAX_CONNECTIONS = 20_000;
    /** The longest a run takes; the load generator and the server stop by themselves then. */
    static final Duration MAX_TIME = Duration.ofMinutes(10);
    static final int MAX_BYTES = 64 * 1024;
    /** Runs going at once: two side by side (every run is a server and load threads on this machine). */
    static final int MAX_RUNNING = 2;
    /** Descriptors the lab keeps for itself (its own files, the page's connections). */
    private static final int RESERVED_DESCRIPTORS = 512;
    private static final int KEPT = 20;

    private static final Set<String> START_FIELDS = Set.of("model", "args", "idle", "active", "bytes", "seconds");
    private static final Set<String> LOAD_FIELDS = Set.of("idle", "active", "bytes");
    private static final Set<String> STOP_FIELDS = Set.of("left");
    private static final Text IDLE = new Text("idle connections", "空闲连接数");
    private static final Text ACTIVE = new Text("active connections", "活跃连接数");
    private static final Text BYTES = new Text("the message size (bytes)", "消息大小（字节）");
    private static final Text SECONDS = new Text("seconds", "运行秒数（\"seconds\"）");

    private final LabModels models;
    private final LabRun.Setup setup;
    private final Map<Integer, LabRun> runs = new LinkedHashMap<>();
    private int nextId = 1;
    private boolean closed;

    public LabRuns(LabModels models, LabRun.Setup setup) {
        this.models = models;
        this.setup = setup;
    }

    /**
     * Starts a run: {@code {"model": "06", "args": {"--pool": 8}, "idle": 1000, "active": 100,
     * "bytes": 64, "seconds": 60}}. Without {@code seconds} it is a page's run: it stops when no
     * one has asked about it for the heartbeat's time.
     */
    synchronized LabRun start(Map<String, Object> body) {
        fields(body, START_FIELDS);
        Object model = body.get("model");
        if (!(model instanceof String m) || m.isBlank()) {
            String all = String.join(", ", models.offered().stream().map(LabModels.Model::module).toList());
            throw LabError.bad("say which model: \"model\": \"06-selectors\" (one of " + all + ")",
                    "请指定模型，例如 \"model\": \"06-selectors\"（可选：" + all + "）");
        }
        Object args = body.getOrDefault("args", Map.of());
        if (!(args instanceof Map<?, ?> a)) {
            throw LabError.bad("\"args\" is an object of flags, such as {\"--pool\": 8}",
                    "\"args\" 应当是一个由参数组成的对象，例如 {\"--pool\": 8}");
        }
        Map<String, Object> flags = new LinkedHashMap<>();
        a.forEach((k, v) -> flags.put(String.valueOf(k), v));
        Subject subject = models.subject(m, flags);
        LoadMix mix = mix(body, null);
        Object secs = body.get("seconds");
        Duration limit = secs == null ? MAX_TIME
                : Duration.ofSeconds(whole(secs, SECONDS, 1, (int) MAX_TIME.toSeconds()));
        if (closed) {
            throw LabError.conflict(LabReasons.LAB_STOPPING.en(), LabReasons.LAB_STOPPING.zh());
        }
        List<LabRun> going = going();
        if (going.size() >= MAX_RUNNING) {
            long quiet = setup.heartbeat().toSeconds();
            throw LabError.conflict(MAX_RUNNING + " runs are going already (" + String.join(", ",
                    going.stream().map(r -> "run " + r.id + ": " + r.subject.name()).toList())
                    + "): stop one first (a page that went away without a word has its runs stopped within " + quiet + " s)",
                    "已经有 " + MAX_RUNNING + " 个运行在进行（" + String.join("；",
                    going.stream().map(r -> "运行 " + r.id + "：" + r.subject.name()).toList())
                    + "）：请先停止一个（页面不告而别时，它的运行最多 " + quiet + " 秒后停止）");
        }
        roomFor(mix.connections(), null);
        LabRun run = new LabRun(nextId++, subject, mix, secs == null, limit, setup);
        runs.put(run.id, run);
        forgetOld();
        run.start();
        return run;
    }

    /** A new load for a run that is going: {@code {"idle": 0, "active": 100, "bytes": 64}}. */
    synchronized LabRun change(int id, Map<String, Object> body) {
        LabRun run = get(id);
        fields(body, LOAD_FIELDS);
        LoadMix mix = mix(body, run.mix());
        roomFor(mix.connections(), run);
        run.change(mix);
        return run;
    }

    public synchronized LabRun get(int id) {
        LabRun run = runs.get(id);
        if (run == null) {
            throw LabError.notFound("no run " + id + (id < nextId ? " any more (the lab keeps the last " + KEPT + ")" : ""),
                    "没有编号为 " + id + " 的运行" + (id < nextId ? "（实验台只保留最近 " + KEPT + " 次运行）" : ""));
        }
        return run;
    }

    /** How long a page's run waits for a word from its page before it stops. */
    Duration silence() {
        return setup.heartbeat();
    }

    public synchronized List<LabRun> all() {
        return new ArrayList<>(runs.values());
    }

    private List<LabRun> going() {
        return runs.values().stream().filter(r -> !r.state().over()).toList();
    }

    /**
     * The connections asked for fit: at most {@link #MAX_CONNECTIONS} a run, and, with the other
     * runs', within the descriptors this machine lets the lab open ({@code ulimit -n}).
     */
    private void roomFor(int connections, LabRun changing) {
        if (connections > MAX_CONNECTIONS) {
            throw LabError.bad("at most " + String.format("%,d", MAX_CONNECTIONS) + " connections a run (idle and active "
                    + "together), not " + String.format("%,d", connections),
                    "每次运行最多 " + String.format("%,d", MAX_CONNECTIONS) + " 个连接（空闲和活跃合计），不能是 "
                    + String.format("%,d", connections));
        }
        long others = going().stream().filter(r -> r != changing).mapToLong(r -> r.mix().connections()).sum();
        long room = descriptorLimit() - RESERVED_DESCRIPTORS - others;
        if (connections > room) {
            throw LabError.bad("this machine lets the lab open " + descriptorLimit() + " descriptors (ulimit -n)"
                    + (others > 0 ? " and the other run holds " + others + " connections" : "") + ": at most "
                    + Math.max(0, room) + " connections here, not " + connections,
                    "这台机器只允许实验台打开 " + descriptorLimit() + " 个文件描述符（ulimit -n）"
                    + (others > 0 ? "，另一个运行已经占用 " + others + " 个连接" : "") + "：这里最多 "
                    + Math.max(0, room) + " 个连接，不能是 " + connections);
        }
    }

    private static long descriptorLimit() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean u
                ? u.getMaxFileDescriptorCount() : Long.MAX_VALUE;
    }

    /** The load in {@code body}; a field it leaves out keeps {@code was}'s value (or 0 connections, 64 bytes). */
    private static LoadMix mix(Map<String, Object> body, LoadMix was) {
        int idle = body.containsKey("idle") ? whole(body.get("idle"), IDLE, 0, MAX_CONNECTIONS)
                : was == null ? 0 : was.idle();
        int active = body.containsKey("active") ? whole(body.get("active"), ACTIVE, 0, MAX_CONNECTIONS)
                : was == null ? 0 : was.active();
        int bytes = body.containsKey("bytes") ? whole(body.get("bytes"), BYTES, 1, MAX_BYTES)
                : was == null ? Load.TOUCH_BYTES : was.bytes();
        return new LoadMix(idle, active, bytes);
    }

    /** A whole number from min to max, or a 400 that says so. */
    static int whole(Object value, Text what, int min, int max) {
        long n;
        String top = String.format("%,d", max);
        if (value instanceof Number num && num.doubleValue() == num.longValue()) {
            n = num.longValue();
        } else {
            try {
                n = Long.parseLong(String.valueOf(value).trim());
            } catch (NumberFormatException e) {
                throw LabError.bad(what.en() + ": a whole number from " + min + " to " + top + ", not '" + value + "'",
                        what.zh() + "应当是 " + min + " 到 " + top + " 之间的整数，不能是 '" + value + "'");
            }
        }
        if (n < 0 && min >= 0) {
            throw LabError.bad(what.en() + " cannot be negative (" + n + ")", what.zh() + "不能是负数（" + n + "）");
        }
        if (n < min || n > max) {
            throw LabError.bad(what.en() + ": from " + min + " to " + top + ", not " + String.format("%,d", n),
                    what.zh() + "应当在 " + min + " 到 " + top + " 之间，不能是 " + String.format("%,d", n));
        }
        return (int) n;
    }

    /** Whether a stop's body says the page is going away: {@code {"left": true}} (an empty body: no). */
    static boolean stopBody(Map<String, Object> body) {
        fields(body, STOP_FIELDS);
        Object left = body.getOrDefault("left", false);
        if (!(left instanceof Boolean b)) {
            throw LabError.bad("\"left\" is true or false, not " + left, "\"left\" 只能是 true 或 false，不能是 " + left);
        }
        return b;
    }

    private static void fields(Map<String, Object> body, Set<String> known) {
        for (String k : body.keySet()) {
            if (!known.contains(k)) {
                List<String> all = known.stream().sorted().toList();
                throw LabError.bad("unknown field \"" + k + "\"; the fields are " + String.join(", ", all),
                        "未知字段 \"" + k + "\"；可用的字段：" + String.join("、", all.stream().map(f -> "\"" + f + "\"").toList()));
            }
        }
    }

    /** The oldest finished runs go, so that the lab keeps at most {@link #KEPT}. */
    private void forgetOld() {
        var it = runs.values().iterator();
        int excess = runs.size() - KEPT;
        while (excess > 0 && it.hasNext()) {
            if (it.next().state().over()) {
                it.remove();
                excess--;
            }
        }
    }

    /** Stops every run and waits until its server is gone. */
    @Override
    public void close() {
        List<LabRun> all;
        synchronized (this) {
            closed = true;
            all = all();
        }
        all.forEach(r -> r.stop(LabReasons.LAB_STOPPING));
        for (LabRun r : all) {
            try {
                r.join(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
