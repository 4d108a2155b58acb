package io.models.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The models the lab offers, with their flags: data, one entry per chapter. The lab offers every
 * module the bench knows ({@link Subject#MODULES}); an entry for a chapter the bench does not know
 * yet waits here until it does. A flag's value is checked here, so a bad one is a message on the
 * page, never a server that fails to start.
 */
final class LabModels {

    /** A text in the page's two languages. */
    record Text(String en, String zh) {
    }

    /**
     * One flag of a model: a whole number from {@code min} to {@code max}, or one of {@code choices}.
     * {@code byDefault} is what the chapter does without it ({@code ""}: the chapter chooses); a
     * value equal to it is not passed.
     */
    record Flag(String name, int min, int max, String byDefault, List<String> choices, Text help) {

        static Flag number(String name, int min, int max, int byDefault, String en, String zh) {
            return new Flag(name, min, max, Integer.toString(byDefault), List.of(), new Text(en, zh));
        }

        static Flag choice(String name, List<String> choices, String en, String zh) {
            return new Flag(name, 0, 0, "", choices, new Text(en, zh));
        }

        /** The value as the chapter takes it, or an {@link LabError} (400) saying what is allowed. */
        String check(Object value) {
            String v = value == null ? "" : value.toString().trim();
            if (!choices.isEmpty()) {
                if (v.isEmpty() || choices.contains(v.toLowerCase(Locale.ROOT))) {
                    return v.toLowerCase(Locale.ROOT);
                }
                throw LabError.bad(name + " is one of " + String.join(", ", choices) + ", not '" + v + "'");
            }
            long n;
            try {
                n = value instanceof Number num && num.doubleValue() == num.longValue() ? num.longValue() : Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw LabError.bad(name + " is a whole number from " + min + " to " + max + ", not '" + v + "'");
            }
            if (n < min || n > max) {
                throw LabError.bad(name + " is from " + min + " to " + max + ", not " + n);
            }
            return Long.toString(n);
        }
    }

    /**
     * A model: its module, the note's section, what it does, its flags; {@code concurrent} false
     * for a server that serves one connection at a time.
     */
    record Model(String module, String section, Text about, boolean concurrent, List<Flag> flags) {
    }

    private static final int CORES = Runtime.getRuntime().availableProcessors();

    /** Every chapter in the note's order, then the reference. A new chapter is one more entry. */
    static final List<Model> ALL = List.of(
            new Model("01-blocking", "二、阻塞IO", new Text(
                    "One thread serves one connection at a time: while it waits on one (even an idle one), every other waits.",
                    "一个线程,一次只服务一个连接:它在一个连接上等着(哪怕那个连接什么也不发),其余的连接都得等。"), false, List.of()),
            new Model("02-threadpool", "二、一个简单的解决方案 / 改进方案", new Text(
                    "A thread per connection: threads and memory grow with the connections. With --pool N, a fixed pool: connection N+1 waits.",
                    "每个连接一个线程:线程和内存随连接数增长。加 --pool N 就是固定大小的线程池:第 N+1 个连接只能等。"), true, List.of(
                    Flag.number("--pool", 0, 10_000, 0, "0: a new thread per connection; N: a fixed pool of N threads",
                            "0:每个连接新开一个线程;N:固定 N 个线程的池"))),
            new Model("03-nonblocking", "三、非阻塞IO", new Text(
                    "One thread asks every socket in turn, flat out: a core busy even when nothing happens.",
                    "一个线程不停地挨个询问每个套接字:什么都没发生时也占满一个核。"), true, List.of(
                    Flag.number("--idle-sleep-ms", 0, 10_000, 0, "after a pass that found nothing, sleep this long (the note's time.sleep(2) is 2000)",
                            "一轮什么也没找到之后睡这么久(笔记里的 time.sleep(2) 就是 2000)"))),
            new Model("04-select", "四、多路复用IO", new Text(
                    "One thread blocks in poll(2), which scans every descriptor on every call.",
                    "一个线程阻塞在 poll(2) 上,每次调用内核都要遍历所有描述符。"), true, List.of()),
            new Model("05-aio", "五、异步IO", new Text(
                    "Completion handlers on a small group of threads (the JDK emulates it with epoll on Linux).",
                    "完成回调运行在一小组线程上(在 Linux 上 JDK 用 epoll 模拟)。"), true, List.of(
                    Flag.number("--threads", 1, 64, 2, "threads in the channel group", "通道组里的线程数"))),
            new Model("06-selectors", "七、selectors模块", new Text(
                    "One thread blocks in epoll, which returns only the ready sockets; a callback per socket.",
                    "一个线程阻塞在 epoll 上,它只返回准备好的套接字;每个套接字一个回调。"), true, List.of()),
            new Model("07-virtual-threads", "beyond the note: 二 on virtual threads", new Text(
                    "02's thread per connection, on virtual threads: the JDK parks them and waits in epoll.",
                    "02 的每连接一线程,换成虚拟线程:JDK 把它们挂起,在 epoll 里一起等。"), true, List.of()),
            new Model("08-reactors", "beyond the note: 四、select模块的缺点", new Text(
                    "Doug Lea's reactors: the work on worker threads, connections shared by several reactors.",
                    "Doug Lea 的 reactor:工作交给工作线程,连接分给多个 reactor。"), true, List.of(
                    Flag.number("--reactors", 1, 64, 1, "reactor threads, each with its own selector", "reactor 线程数,每个有自己的 selector"),
                    Flag.number("--workers", 0, 256, 0, "threads that do the work (0: the reactor does it)", "做工作的线程数(0:reactor 自己做)"),
                    Flag.number("--work-us", 0, 1_000_000, 0, "µs of work per request, the note's large handler",
                            "每个请求的工作量(微秒),即笔记里庞大的事件响应"))),
            new Model("09-netty", "八、总结: socketserver", new Text(
                    "Netty, the framework answer: event loops on nio, epoll or io_uring.",
                    "Netty,框架的答案:事件循环跑在 nio、epoll 或 io_uring 上。"), true, List.of(
                    Flag.choice("--transport", List.of("nio", "epoll", "io_uring"), "nio, epoll or io_uring (empty: the chapter picks)",
                            "nio、epoll 或 io_uring(留空:由本章自己选)"),
                    Flag.number("--threads", 1, 256, CORES, "event loops", "事件循环线程数"))),
            new Model(Subject.C_MODULE, "the C reference", new Text(
                    "A minimal C server on epoll, one thread: what this machine can do at all.",
                    "一个最小的 C epoll 服务器,单线程:这台机器本身能做到多少。"), true, List.of()));

    private final List<Model> offered;
    private final Map<String, String> missing = new LinkedHashMap<>();

    /**
     * The models of {@link #ALL} the bench knows, and why any cannot run here: a chapter whose jar is
     * not built, the C reference without gcc ({@code c.binary} null).
     */
    LabModels(Path root, CReference c) {
        this.offered = ALL.stream().filter(m -> Subject.MODULES.contains(m.module())).toList();
        for (Model m : offered) {
            if (m.module().equals(Subject.C_MODULE)) {
                if (c.binary == null) {
                    missing.put(m.module(), c.note);
                }
            } else {
                Path jar = new Subject(m.module(), m.module(), List.of(), true).jar(root);
                if (!Files.isRegularFile(jar)) {
                    missing.put(m.module(), "not built: no " + root.relativize(jar) + " (./mvnw -q package -DskipTests)");
                }
            }
        }
    }

    List<Model> offered() {
        return offered;
    }

    /** Why a model cannot run here, or null if it can. */
    String missing(String module) {
        return missing.get(module);
    }

    /**
     * The server a request asks for: {@code model} as the bench's {@code --models} takes it ("06",
     * "06-selectors", "c"), with its flags.
     */
    Subject subject(String model, Map<String, Object> args) {
        String module;
        try {
            module = Subject.module(model);
        } catch (IllegalArgumentException e) {
            throw LabError.bad(e.getMessage());
        }
        Model m = offered.stream().filter(x -> x.module().equals(module)).findFirst()
                .orElseThrow(() -> LabError.bad("'" + model + "' is not a model of the lab"));
        if (missing.containsKey(module)) {
            throw LabError.bad(module + " cannot run here: " + missing.get(module));
        }
        List<String> flags = new ArrayList<>();
        for (Map.Entry<String, Object> e : args.entrySet()) {
            Flag f = m.flags().stream().filter(x -> x.name().equals(e.getKey())).findFirst()
                    .orElseThrow(() -> LabError.bad(module + " has no flag " + e.getKey() + "; its flags: "
                            + (m.flags().isEmpty() ? "none" : String.join(", ", m.flags().stream().map(Flag::name).toList()))));
            String v = f.check(e.getValue());
            if (!v.equals(f.byDefault())) {
                flags.add(f.name());
                flags.add(v);
            }
        }
        if (module.equals(Subject.C_MODULE)) {
            return Subject.C;
        }
        return Subject.chapter(module, m.concurrent(), flags.toArray(String[]::new));
    }

    /** {@code /api/models}: the models, their flags and texts, and whether each can run here. */
    List<Map<String, Object>> json() {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Model m : offered) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("module", m.module());
            j.put("section", m.section());
            j.put("about", text(m.about()));
            j.put("available", !missing.containsKey(m.module()));
            if (missing.containsKey(m.module())) {
                j.put("missing", missing.get(m.module()));
            }
            List<Map<String, Object>> flags = new ArrayList<>();
            for (Flag f : m.flags()) {
                Map<String, Object> fj = new LinkedHashMap<>();
                fj.put("name", f.name());
                if (f.choices().isEmpty()) {
                    fj.put("min", f.min());
                    fj.put("max", f.max());
                    fj.put("default", Integer.parseInt(f.byDefault()));
                } else {
                    fj.put("choices", f.choices());
                    fj.put("default", f.byDefault());
                }
                fj.put("help", text(f.help()));
                flags.add(fj);
            }
            j.put("flags", flags);
            list.add(j);
        }
        return list;
    }

    private static Map<String, Object> text(Text t) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("en", t.en());
        j.put("zh", t.zh());
        return j;
    }
}
