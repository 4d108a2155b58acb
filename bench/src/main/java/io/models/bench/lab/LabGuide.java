package io.models.bench.lab;

import io.models.common.chapter.Text;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the lab's page suggests, served with the models ({@code /api/models}): the model it starts
 * with, set-ups to try (each compares two models, or one model with two flags) and each chart's
 * note (the study note's claim its curve shows, and what to try to see it). The page itself holds no
 * chapter's name or text; the chapters' own facts come from their descriptors ({@link LabModels}).
 */
final class LabGuide {

    /** One side of a set-up: a module and the flags that differ from its defaults. */
    record Side(String module, Map<String, Integer> flags) {
    }

    /** A set-up: side A, side B (or none), the load; what it shows, in both languages. */
    record Preset(String key, Side a, Side b, int idle, int active, int bytes, Text text) {
    }

    /**
     * A chart's note: the note's section and its own words (Chinese in both languages), what they say
     * in English, and what to try.
     */
    record Note(String chart, String section, String quote, String say, Text look) {
    }

    /** Side A's model when the page opens. */
    static final String FIRST_MODEL = "06-selectors";

    /** What "Set it up" loads, said at length: the first set-up. */
    static final Text TRY_FIRST = new Text("Try this first: 03 against 06 with 1000 idle connections. 03 asks every socket in turn, flat "
                + "out, and burns a whole core while nothing happens; 06 waits in epoll and stays at zero.",
            "先试这个:03 对比 06,各 1000 个空闲连接。03 不停地挨个询问每个套接字,什么都没发生也占满一个核;06 在 epoll 里等着,CPU 保持为零。");

    /** Set-ups a newcomer can load with one click; the first is the one to try first. */
    static final List<Preset> PRESETS = List.of(
            new Preset("first", side("03-nonblocking"), side("06-selectors"), 1000, 0, 64,
                    new Text("03 against 06, 1000 idle: a core burnt for nothing", "03 对比 06,1000 空闲:白白烧掉一个核")),
            new Preset("threads", side("02-threadpool"), side("06-selectors"), 2000, 0, 64,
                    new Text("02 against 06, 2000 idle: threads and memory", "02 对比 06,2000 空闲:线程和内存")),
            new Preset("blocking", side("01-blocking"), null, 1, 10, 64,
                    new Text("01 with 1 idle and 10 active: one client at a time", "01,1 空闲 + 10 活跃:一次只服务一个客户端")),
            new Preset("pool", side("02-threadpool", "--pool", 8), null, 0, 20, 64,
                    new Text("02 --pool 8 with 20 active: the pool's ceiling", "02 --pool 8,20 活跃:池的上限")),
            new Preset("sleep", side("03-nonblocking", "--idle-sleep-ms", 10), side("03-nonblocking"), 0, 10, 64,
                    new Text("03 with and without time.sleep: CPU against latency", "03 有无 time.sleep:CPU 与延迟的取舍")),
            new Preset("poll", side("04-select"), side("06-selectors"), 5000, 100, 64,
                    new Text("04 against 06, 5000 idle beside 100 active: poll scans every one", "04 对比 06,5000 空闲 + 100 活跃:poll 每次扫描全部")),
            new Preset("heavy", side("08-reactors", "--work-us", 2000), side("08-reactors", "--work-us", 2000, "--workers", 2), 0, 20, 64,
                    new Text("08, 2 ms of work a request, on the reactor against on 2 workers", "08,每请求 2 毫秒工作:在 reactor 上对比交给 2 个工作线程")));

    /** Each chart's note, by the chart's key: the study note's claim its curve shows, and what to try to see it. */
    static final Map<String, Note> NOTES = notes(
            new Note("rps", "四、强调 1", "select/epoll的优势并不是对于单个连接能处理得更快,而是在于能处理更多的连接。",
                    "select/epoll is not faster for one connection; its advantage is that it handles more "
                        + "connections.",
                    new Text("With 1 active connection the blocking models keep up with the selectors. Raise it to 1000: a "
                            + "thread per connection (02) falls behind, one selector thread (06) keeps going.",
                            "1 个活跃连接时,阻塞模型跟得上 selector。加到 1000:每连接一线程(02)落后了,一个 selector 线程(06)照样跑。")),
            new Note("latency", "三、缺点 2", "任务完成的响应延迟增大了,因为每过一段时间才去轮询一次read操作,而任务可能在两次轮询之间的任意时间完成。",
                    "The response delay grows: the read is polled only every so often, and the data may arrive at "
                        + "any moment between two polls.",
                    new Text("03 with --idle-sleep-ms 10 and 10 active connections: p50 moves up by milliseconds. 08 with "
                            + "--work-us 2000: with the work on the reactor (--workers 0) everyone waits behind it, the note's "
                            + "\"一旦事件响应的执行体庞大\" (四、select模块的缺点).",
                            "03 加 --idle-sleep-ms 10,10 个活跃连接:p50 上升几个毫秒。08 加 --work-us 2000:工作放在 reactor 上(--workers 0)时大家都排在它后面,正是“一旦事件响应的执行体庞大”(四、select模块的缺点)。")),
            new Note("cpu", "三、缺点 1", "循环调用recv()将大幅度推高CPU占用率",
                    "Calling recv() in a loop drives the CPU usage up sharply.",
                    new Text("03 against 06 with 1000 idle connections: 03 near 100% of a core with nothing to do, 06 at 0. "
                            + "--idle-sleep-ms 1 on 03 is a short version of the note's time.sleep(2): less CPU, later replies.",
                            "03 对比 06,1000 个空闲连接:03 无事可做也接近一个核的 100%,06 为 0。03 的 --idle-sleep-ms 1 是笔记里 time.sleep(2) 的短版本:CPU 少了,回复晚了。")),
            new Note("threads", "二、一个简单的解决方案:该方案的问题是", "在遇到要同时响应成百上千路的连接请求,则无论多线程还是多进程都会严重占据系统资源,降低系统对外界响应效率",
                    "Facing hundreds or thousands of connections at once, threads and processes alike take up the "
                        + "system's resources heavily.",
                    new Text("02 with 1000 idle connections: a thread each. 06 keeps the same dozen or so whatever the count; "
                            + "02 --pool 8 stays flat too, but connection 9 waits (the connections chart).",
                            "02 有 1000 个空闲连接:每个连接一个线程。06 不管多少连接都是十几个线程;02 --pool 8 也持平,但第 9 个连接只能等(见连接图)。")),
            new Note("rss", "四、select模块的优点", "相比其他模型,使用select() 的事件驱动模型只用单线程(进程)执行,占用资源少,",
                    "Compared with the other models, the event-driven model with select() runs on a single thread "
                        + "(process) and takes few resources.",
                    new Text("02 against 06 with 2000 idle connections: every thread has its own stack and buffer; one "
                            + "selector thread holds them all in a few MiB more. Every server runs with the same fixed 64 MiB "
                            + "heap, as in the benchmark.",
                            "02 对比 06,2000 个空闲连接:每个线程有自己的栈和缓冲区;一个 selector 线程只多用几 MiB 就能持有全部连接。和基准测试一样,每个服务器都用固定的 64 MiB 堆。")),
            new Note("fds", "八、总结", "但是你的套接字特别多,你怎么知道哪个好了呢,那么就得用循环去遍历一下",
                    "But when you have very many sockets, how do you know which one is ready? You have to loop over "
                        + "them.",
                    new Text("Every model holds one descriptor per connection (plus a few of its own), so this curve is the "
                            + "same for all. What differs is who loops over them: poll(2) (04) makes the kernel scan every one "
                            + "on each call, epoll (06) hands back only the ready ones. Compare 04 and 06 CPU with 5000 idle "
                            + "and 100 active.",
                            "每个模型每个连接都占一个描述符(外加自己的几个),所以这条曲线对所有模型都一样。不同的是谁来遍历:poll(2)(04)每次调用都让内核扫描全部,epoll(06)只交回准备好的。对比 04 和 06 在 5000 空闲 + 100 活跃时的 CPU。")),
            new Note("conns", "二、阻塞IO", "如在调用recv(1024)的同时,线程将被阻塞,在此期间,线程将无法执行任何运算或响应任何的网络请求。",
                    "While recv(1024) is called the thread is blocked; meanwhile it can compute nothing and answer "
                        + "no network request.",
                    new Text("01-blocking with 1 idle and 10 active connections: all open, all starved (no reply in the "
                            + "second): its one thread waits on the idle one. 02 --pool 8 with 20 active: 12 starved, the "
                            + "note's \"所谓“池”始终有其上限\".",
                            "01-blocking,1 个空闲 + 10 个活跃连接:全都打开了,全都饿死(这一秒没有回复):它唯一的线程在等那个空闲连接。02 --pool 8,20 个活跃连接:12 个饿死,正是“所谓“池”始终有其上限”。")));

    private LabGuide() {
    }

    private static Side side(String module, Object... flags) {
        Map<String, Integer> f = new LinkedHashMap<>();
        for (int i = 0; i + 1 < flags.length; i += 2) {
            f.put((String) flags[i], (Integer) flags[i + 1]);
        }
        return new Side(module, f);
    }

    private static Map<String, Note> notes(Note... notes) {
        Map<String, Note> all = new LinkedHashMap<>();
        for (Note n : notes) {
            all.put(n.chart(), n);
        }
        return all;
    }

    /** The guide as {@code /api/models} gives it to the page. */
    static Map<String, Object> json() {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("model", FIRST_MODEL);
        j.put("tryFirst", LabModels.text(TRY_FIRST));
        List<Map<String, Object>> presets = new ArrayList<>();
        for (Preset p : PRESETS) {
            Map<String, Object> pj = new LinkedHashMap<>();
            pj.put("key", p.key());
            pj.put("a", json(p.a()));
            pj.put("b", json(p.b()));
            pj.put("idle", p.idle());
            pj.put("active", p.active());
            pj.put("bytes", p.bytes());
            pj.put("text", LabModels.text(p.text()));
            presets.add(pj);
        }
        j.put("presets", presets);
        Map<String, Object> notes = new LinkedHashMap<>();
        NOTES.forEach((chart, n) -> {
            Map<String, Object> nj = new LinkedHashMap<>();
            nj.put("section", n.section());
            nj.put("quote", n.quote());
            nj.put("say", n.say());
            nj.put("look", LabModels.text(n.look()));
            notes.put(chart, nj);
        });
        j.put("notes", notes);
        return j;
    }

    private static Map<String, Object> json(Side s) {
        if (s == null) {
            return null;
        }
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("module", s.module());
        j.put("flags", s.flags());
        return j;
    }
}
