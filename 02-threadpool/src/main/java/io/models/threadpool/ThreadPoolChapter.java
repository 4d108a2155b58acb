package io.models.threadpool;

import io.models.common.chapter.Chapter;
import io.models.common.chapter.Check;
import io.models.common.chapter.Flag;
import io.models.common.chapter.Options;
import io.models.common.chapter.Text;
import io.models.common.chapter.Variant;
import io.models.common.cli.ServerLauncher;
import io.models.common.server.Model;
import java.util.List;

/** What 02-threadpool is, once: {@code java -jar 02-threadpool/target/02-threadpool.jar [--pool N] [--host ADDRESS] [--port PORT]}. */
public final class ThreadPoolChapter extends Chapter {

    /** 二、改进方案, the note's own words for why a pool helps only up to its size. */
    static final String POOL_CEILING = "二、改进方案: 所谓“池”始终有其上限,当请求大大超过上限时,“池”构成的系统对外界的响应"
            + "并不比没有池的时候效果好多少";

    public ThreadPoolChapter() {
        super(named(ThreadPoolModel.NAME).port(8082).section("二、一个简单的解决方案 / 改进方案")
                .about("A thread per connection: threads and memory grow with the connections. With --pool N, a fixed pool: "
                                + "connection N+1 waits.",
                        "每个连接一个线程：线程数和内存随连接数一起增长。加上 --pool N 就是固定大小的线程池，第 N+1 个连接只能等着。")
                .flag(Flag.number("--pool", "N", "a pool size from 0 to 10000", 0, 10_000, 0, new Text(
                        "0: a new thread per connection; N: a fixed pool of N threads, and client N+1 waits for a free one.",
                        "0：每个连接新开一个线程；N：固定 N 个线程的线程池，第 N+1 个客户端要等到有线程空出来。")))
                .noteServer(NoteServer.class)
                .bench(Variant.of(List.of(), "pingpong", "stream", "mixed", "idle"))
                .bench(Variant.of(List.of("--pool", "8"), "pool").notQuick())
                .check(Check.everyCase().model("threads"))
                // A fixed pool differs from a thread per connection only in how many it serves at once:
                // held-1000 is the case that shows it; the other cases would run the same code as above.
                .check(Check.everyCase().with("--pool", "8").only("held-1000").model("pool")
                        .fails("held-1000", "8 of 1000 held connections were answered", POOL_CEILING))
                // The kept bug, in the cases that show it the same way on any machine.
                .checkNote(Check.everyCase().only("every-byte", "idle-client-blocks-others", "idle-cpu").model("threads")
                        .fails("idle-cpu", "busy polling", "二、一个简单的解决方案, the same loop on a thread per "
                                + "connection: every client that left leaves its thread spinning on recv's b''")));
    }

    @Override
    public Model model(Options options) {
        return new ThreadPoolModel(options.number("--pool"));
    }

    @Override
    public String describe(Options options) {
        int pool = options.number("--pool");
        return pool == 0
                ? "一个简单的解决方案: a new thread per connection, each blocking on its own client"
                : "改进方案 线程池: a fixed pool of " + pool + " threads; client " + (pool + 1) + " waits for a free one";
    }

    public static void main(String[] args) {
        ServerLauncher.main(new ThreadPoolChapter(), args);
    }
}
