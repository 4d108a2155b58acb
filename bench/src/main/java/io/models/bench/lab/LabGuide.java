package io.models.bench.lab;

import io.models.bench.server.CReference;
import io.models.common.chapter.Text;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the lab's page suggests, served with the models ({@code /api/models}): the model it starts
 * with, set-ups to try (each compares two models, or one model with two flags, and says what each
 * chart shows of it) and each chart's note (the study note's claim its curve shows, and what to try
 * to see it). The page itself holds no chapter's name or text; the chapters' own facts come from
 * their descriptors ({@link LabModels}).
 */
final class LabGuide {

    /** One side of a set-up: a module and the flags that differ from its defaults. */
    record Side(String module, Map<String, Integer> flags) {
    }

    /**
     * A set-up: side A, side B (or none), the load; what it shows, in both languages; and what to
     * look at in the charts it is about, by the chart's key (the page shows these beside those charts
     * while this set-up is the one chosen).
     */
    record Preset(String key, Side a, Side b, int idle, int active, int bytes, Text text, Map<String, Text> look) {
    }

    /**
     * A chart's note: the note's section and its own words (Chinese in both languages), what they say
     * in English, and what to try to see it.
     */
    record Note(String chart, String section, String quote, String say, Text look) {
    }

    /** Side A's model when the page opens. */
    static final String FIRST_MODEL = "06-selectors";

    /** What "Set it up" loads, said at length: the first set-up. */
    static final Text TRY_FIRST = new Text("Try this first: 03 against 06 with 1000 idle connections. 03 asks every socket in turn, flat "
                + "out, and burns a whole core while nothing happens; 06 waits in epoll and stays at zero.",
            "先试这个：03 对比 06，各开 1000 个空闲连接。03 一刻不停地挨个询问每个套接字，什么事都没有也占满一个核；06 在 epoll 里等着，CPU 一直是 0。");

    /**
     * Set-ups a newcomer can load with one click; the first is the one to try first. The figures in
     * their words are from one run of each on the shared 2-core machine, both sides at once, and are
     * said as such.
     */
    static final List<Preset> PRESETS = List.of(
            new Preset("first", side("03-nonblocking"), side("06-selectors"), 1000, 0, 64,
                    new Text("03 against 06, 1000 idle: a core burnt for nothing", "03 对比 06，1000 个空闲连接：白白占满一个核"),
                    look("cpu", "A (03) climbs towards a whole core, as much as the machine gives it, though not one byte arrives: it "
                                    + "asks each of its 1000 sockets in turn, flat out. B (06) stays near 0: it sleeps in epoll_wait until a "
                                    + "socket is ready.",
                            "A（03）一个字节也没收到，CPU 却一路爬向整整一个核，机器给多少就用多少：它一刻不停地挨个询问这 1000 个套接字，这就是忙轮询。"
                                    + "B（06）几乎是 0：它睡在 epoll_wait 里，直到有套接字就绪。",
                            "rps", "No active connection: nobody sends a request, and both lines stay at 0.",
                            "没有活跃连接，没有谁发请求，两条线都停在 0。",
                            "threads", "The same dozen or so threads on both sides: 03 asks all 1000 sockets from one thread, 06 waits for "
                                    + "all of them on one thread.",
                            "两边都是十几个线程：03 用一个线程询问全部 1000 个套接字，06 用一个线程等全部套接字。",
                            "fds", "About 1000 on both sides, one per connection: holding a connection costs a descriptor in every model. "
                                    + "What a model does with them is in the CPU chart.",
                            "两边都是 1000 出头，每个连接一个描述符：不管哪个模型，持有一个连接都要占一个描述符。区别在于拿它们做什么，看 CPU 那张图。",
                            "conns", "1000 open on each side and none starved: every idle connection got its one answer.",
                            "两边各打开 1000 个，没有饿死的：每个空闲连接都得到了它的那一次应答。")),
            new Preset("threads", side("02-threadpool"), side("06-selectors"), 2000, 0, 64,
                    new Text("02 against 06, 2000 idle: threads and memory", "02 对比 06，2000 个空闲连接：线程和内存"),
                    look("threads", "A (02) has a thread per connection, about 2000 more than B (06), which keeps the same dozen or so "
                                    + "whatever the count.",
                            "A（02）每个连接一个线程，比 B（06）多出约 2000 个；06 不管有多少连接，始终是十几个线程。",
                            "rss", "Each of 02's threads has its own stack and buffer: its RSS stands far above 06's (about 230 MiB "
                                    + "against 65 MiB in one run here), with the same 64 MiB heap.",
                            "02 的每个线程都有自己的栈和缓冲区，所以它的 RSS 远高于 06（这里的一次运行中约 230 MiB 对 65 MiB），而两边的堆同样是 64 MiB。",
                            "cpu", "Both near 0: a thread that waits costs memory, not CPU. 02 pays in the threads and memory charts.",
                            "两边都接近 0：等着的线程占内存，不占 CPU。02 的代价在线程数和内存两张图上。",
                            "conns", "2000 open on each side, none starved.",
                            "两边各打开 2000 个，没有饿死的。")),
            new Preset("blocking", side("01-blocking"), null, 1, 10, 64,
                    new Text("01 with 1 idle and 10 active: one client at a time", "01，1 个空闲连接加 10 个活跃连接：一次只服务一个客户端"),
                    look("conns", "All 11 open, the 10 active ones starved: 01's one thread serves the idle connection and waits in "
                                    + "its read for a request that never comes. The others are connected (the kernel finished their "
                                    + "handshake) but wait in the listen backlog, never accepted.",
                            "11 个连接都打开了，10 个活跃连接全部饿死：01 唯一的线程在服务那个空闲连接，在它的读上等一个永远不来的请求。"
                                    + "其余连接已经完成了握手（内核替它做的），却一直排在监听队列里，没有被 accept。",
                            "rps", "0: while the idle connection holds the one thread, no one gets a reply.",
                            "0：空闲连接占着唯一的线程，谁也得不到回复。")),
            new Preset("pool", side("02-threadpool", "--pool", 8), null, 0, 20, 64,
                    new Text("02 --pool 8 with 20 active: the pool's ceiling", "02 --pool 8，20 个活跃连接：池的上限"),
                    look("conns", "20 open, 12 starved every second: 8 threads serve 8 connections, and the 12 others wait for a "
                                    + "thread to be free, which, with connections that never end, is never. The note's "
                                    + "\"所谓“池”始终有其上限\".",
                            "20 个打开，每秒 12 个饿死：8 个线程服务 8 个连接，其余 12 个要等有线程空出来，而这些连接永远不结束，所以一直等下去。"
                                    + "正是笔记说的「所谓“池”始终有其上限」。",
                            "threads", "Flat: the pool's 8 threads above the JVM's own, however many connect.",
                            "一条平线：JVM 自己的线程之外只有线程池的 8 个，连接再多也不变。",
                            "rps", "Every request of the second comes from the 8 connections that have a thread.",
                            "每秒的请求全部来自有线程服务的那 8 个连接。")),
            new Preset("sleep", side("03-nonblocking", "--idle-sleep-ms", 10), side("03-nonblocking"), 0, 10, 64,
                    new Text("03 with and without time.sleep: CPU against latency", "03 带与不带 time.sleep：CPU 与延迟的取舍"),
                    look("cpu", "A (with the sleep) uses a fraction of B's CPU: after a pass that found nothing to do it sleeps 10 ms "
                                    + "instead of asking again at once.",
                            "A（带 sleep）的 CPU 只有 B 的一小部分：一轮下来没事可做，它就睡 10 毫秒，而不是马上再问一遍。",
                            "latency", "A's replies come later: a request that arrives while it sleeps waits until it wakes, up to 10 ms. "
                                    + "Its p99 (dashed) shows it most (about 21 ms against 5 ms in one run here): the note's 三、缺点 2.",
                            "A 的回复来得晚：它睡着时到达的请求要等它醒来，最多等 10 毫秒。p99（虚线）最明显（这里的一次运行中约 21 毫秒对 5 毫秒），"
                                    + "这就是笔记的三、缺点 2。",
                            "rps", "A completes far fewer requests a second: each connection waits for its reply before it sends the next.",
                            "A 每秒完成的请求少得多：每个连接都要等到回复，才发下一个请求。")),
            new Preset("poll", side("04-select"), side("06-selectors"), 5000, 100, 64,
                    new Text("04 against 06, 5000 idle beside 100 active: poll scans every one",
                            "04 对比 06，5000 个空闲连接加 100 个活跃连接：poll 每次都扫描全部"),
                    look("cpu", "Read it with requests/s: for a like CPU, 06 answers several times more requests. Each poll(2) call "
                                    + "of 04 makes the kernel scan all 5100 descriptors, though at most 100 are ready.",
                            "把 CPU 和每秒请求数对照着看：CPU 差不多，06 完成的请求却多出好几倍。04 每调用一次 poll(2)，内核都要把 5100 个描述符逐个检查一遍，"
                                    + "而就绪的最多只有 100 个。",
                            "rps", "B (06) well ahead: epoll_wait hands back only the ready sockets (about 34,000 against 7,500 "
                                    + "requests/s in one run here).",
                            "B（06）遥遥领先：epoll_wait 只交回就绪的套接字（这里的一次运行中约每秒 34,000 对 7,500 个请求）。",
                            "latency", "04's p50 sits about ten times higher: every request waits for a scan of every descriptor.",
                            "04 的 p50 高出约十倍：每个请求都要等一轮对全部描述符的扫描。",
                            "fds", "5100 and a few on both sides: the same descriptors.",
                            "两边都是 5100 出头：描述符一样多。")),
            new Preset("heavy", side("08-reactors", "--work-us", 2000), side("08-reactors", "--work-us", 2000, "--workers", 2), 0, 20, 64,
                    new Text("08, 2 ms of work a request, on the reactor against on 2 workers",
                            "08，每个请求 2 毫秒的工作：放在 Reactor 上，还是交给 2 个工作线程"),
                    look("latency", "A (the work on the reactor) has twice B's p50 or more: each request waits behind the 2 ms of "
                                    + "every request before it, the note's \"一旦事件响应的执行体庞大\". B hands the work to 2 worker threads.",
                            "A（工作放在 Reactor 上）的 p50 是 B 的两倍甚至更多：每个请求都排在前面每个请求的 2 毫秒工作后面，"
                                    + "正是笔记说的「一旦事件响应的执行体庞大」。B 把工作交给 2 个工作线程。",
                            "rps", "At 2 ms a request one thread completes at most 500 a second; B's 2 workers about twice A's.",
                            "每个请求 2 毫秒，一个线程每秒至多完成 500 个；B 的 2 个工作线程大约是 A 的两倍。",
                            "cpu", "B uses about twice A's CPU: two threads work at once.",
                            "B 的 CPU 大约是 A 的两倍：两个线程同时在干活。",
                            "threads", "B has 2 threads more: its workers.",
                            "B 多出 2 个线程：它的工作线程。")));

    /** Each chart's note, by the chart's key: the study note's claim its curve shows, and what to try to see it. */
    static final Map<String, Note> NOTES = notes(
            new Note("rps", "四、强调 1", "select/epoll的优势并不是对于单个连接能处理得更快,而是在于能处理更多的连接。",
                    "select/epoll is not faster for one connection; its advantage is that it handles more "
                        + "connections.",
                    new Text("With 1 active connection the blocking models keep up with the selectors. Raise it to 1000: a "
                            + "thread per connection (02) falls behind, one selector thread (06) keeps going.",
                            "只有 1 个活跃连接时，阻塞模型跟得上选择器。加到 1000 个：每个连接一个线程的 02 落在后面，只用一个选择器线程的 06 照样跑得动。")),
            new Note("latency", "三、缺点 2", "任务完成的响应延迟增大了,因为每过一段时间才去轮询一次read操作,而任务可能在两次轮询之间的任意时间完成。",
                    "The response delay grows: the read is polled only every so often, and the data may arrive at "
                        + "any moment between two polls.",
                    new Text("03 with --idle-sleep-ms 10 and 10 active connections: p50 moves up by milliseconds. 08 with "
                            + "--work-us 2000: with the work on the reactor (--workers 0) everyone waits behind it, the note's "
                            + "\"一旦事件响应的执行体庞大\" (四、select模块的缺点).",
                            "给 03 加上 --idle-sleep-ms 10，开 10 个活跃连接：延迟会上升几个毫秒。08 加上 --work-us 2000：工作放在 Reactor 上（--workers 0）时，"
                                    + "所有请求都排在它后面，正是「一旦事件响应的执行体庞大」（四、select模块的缺点）。")),
            new Note("cpu", "三、缺点 1", "循环调用recv()将大幅度推高CPU占用率",
                    "Calling recv() in a loop drives the CPU usage up sharply.",
                    new Text("03 against 06 with 1000 idle connections: 03 near 100% of a core with nothing to do, 06 at 0. "
                            + "--idle-sleep-ms 1 on 03 is a short version of the note's time.sleep(2): less CPU, later replies.",
                            "03 对比 06，各开 1000 个空闲连接：03 无事可做也接近一个核的 100%，06 是 0。给 03 加上 --idle-sleep-ms 1，"
                                    + "就是笔记里 time.sleep(2) 的缩短版：CPU 降下来了，回复却晚了。")),
            new Note("threads", "二、一个简单的解决方案:该方案的问题是", "在遇到要同时响应成百上千路的连接请求,则无论多线程还是多进程都会严重占据系统资源,降低系统对外界响应效率",
                    "Facing hundreds or thousands of connections at once, threads and processes alike take up the "
                        + "system's resources heavily.",
                    new Text("02 with 1000 idle connections: a thread each. 06 keeps the same dozen or so whatever the count; "
                            + "02 --pool 8 stays flat too, but connection 9 waits (the connections chart).",
                            "02 开 1000 个空闲连接：每个连接一个线程。06 不管多少连接都是十几个线程；02 --pool 8 的线程数也是平的，但第 9 个连接只能等（看连接图）。")),
            new Note("rss", "四、select模块的优点", "相比其他模型,使用select() 的事件驱动模型只用单线程(进程)执行,占用资源少,",
                    "Compared with the other models, the event-driven model with select() runs on a single thread "
                        + "(process) and takes few resources.",
                    new Text("02 against 06 with 2000 idle connections: every thread has its own stack and buffer; one "
                            + "selector thread holds them all in a few MiB more. Every server runs with the same fixed 64 MiB "
                            + "heap, as in the benchmark.",
                            "02 对比 06，各开 2000 个空闲连接：每个线程都有自己的栈和缓冲区；一个选择器线程只多用几 MiB 就能持有全部连接。"
                                    + "和基准测试一样，每个服务端都用固定的 64 MiB 堆。")),
            new Note("fds", "八、总结", "但是你的套接字特别多,你怎么知道哪个好了呢,那么就得用循环去遍历一下",
                    "But when you have very many sockets, how do you know which one is ready? You have to loop over "
                        + "them.",
                    new Text("Every model holds one descriptor per connection (plus a few of its own), so this curve is the "
                            + "same for all. What differs is who loops over them: poll(2) (04) makes the kernel scan every one "
                            + "on each call, epoll (06) hands back only the ready ones. Compare 04 and 06 CPU with 5000 idle "
                            + "and 100 active.",
                            "每个模型每个连接都占一个描述符（外加自己的几个），所以这条曲线对所有模型都一样。不同的是由谁去遍历：04 的 poll(2) 每次调用都让内核扫描全部描述符，"
                                    + "06 的 epoll 只交回就绪的那些。比较 04 和 06 在 5000 个空闲连接加 100 个活跃连接下的 CPU。")),
            new Note("conns", "二、阻塞IO", "如在调用recv(1024)的同时,线程将被阻塞,在此期间,线程将无法执行任何运算或响应任何的网络请求。",
                    "While recv(1024) is called the thread is blocked; meanwhile it can compute nothing and answer "
                        + "no network request.",
                    new Text("01-blocking with 1 idle and 10 active connections: all open, all starved (no reply in the "
                            + "second): its one thread waits on the idle one. 02 --pool 8 with 20 active: 12 starved, the "
                            + "note's \"所谓“池”始终有其上限\".",
                            "01-blocking，1 个空闲连接加 10 个活跃连接：全都打开了，全都饿死（这一秒没有一个回复），因为它唯一的线程在等那个空闲连接。"
                                    + "02 --pool 8，20 个活跃连接：12 个饿死，正是笔记的「所谓“池”始终有其上限」。")));

    /**
     * The sections of the chapters and the reference that are not the note's own words, in Chinese:
     * the page shows a model's section beside what it does, in the reader's language. A section that
     * is the note's heading is Chinese already and is shown as it is.
     */
    private static final Map<String, String> SECTIONS_ZH = Map.of(
            "beyond the note: 二 on virtual threads", "笔记以外：把二的每个连接一个线程换成虚拟线程",
            "beyond the note: 四、select模块的缺点", "笔记以外：回应四、select模块的缺点",
            CReference.SECTION, "笔记以外：C 参考实现");

    private LabGuide() {
    }

    /** A model's section in both languages. */
    static Text section(String section) {
        return new Text(section, SECTIONS_ZH.getOrDefault(section, section));
    }

    private static Side side(String module, Object... flags) {
        Map<String, Integer> f = new LinkedHashMap<>();
        for (int i = 0; i + 1 < flags.length; i += 2) {
            f.put((String) flags[i], (Integer) flags[i + 1]);
        }
        return new Side(module, f);
    }

    /** A set-up's words by chart: {@code chart, en, zh, chart, en, zh...}. */
    private static Map<String, Text> look(String... chartEnZh) {
        Map<String, Text> all = new LinkedHashMap<>();
        for (int i = 0; i + 2 < chartEnZh.length; i += 3) {
            all.put(chartEnZh[i], new Text(chartEnZh[i + 1], chartEnZh[i + 2]));
        }
        return all;
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
            Map<String, Object> look = new LinkedHashMap<>();
            p.look().forEach((chart, t) -> look.put(chart, LabModels.text(t)));
            pj.put("look", look);
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
