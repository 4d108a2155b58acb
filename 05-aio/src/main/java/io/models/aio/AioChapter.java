package io.models.aio;

import io.models.common.chapter.Chapter;
import io.models.common.chapter.Check;
import io.models.common.chapter.Flag;
import io.models.common.chapter.Options;
import io.models.common.chapter.Text;
import io.models.common.chapter.Variant;
import io.models.common.cli.ServerLauncher;
import io.models.common.server.Model;
import java.util.List;

/**
 * What 05-aio is, once: {@code java -jar 05-aio/target/05-aio.jar [--threads N] [--max-connections N]
 * [--idle-timeout SECONDS] [--host ADDRESS] [--port PORT]}.
 */
public final class AioChapter extends Chapter {

    /** Threads in the channel group by default: a small, fixed number, whatever the connections. */
    static final int DEFAULT_THREADS = 2;
    static final int MAX_THREADS = 64;

    public AioChapter() {
        super(named(AioModel.NAME).port(8085).section("五、异步IO")
                .about("Completion handlers on a small group of threads (the JDK emulates it with epoll on Linux).",
                        "完成处理器运行在一小组线程上（在 Linux 上，JDK 用 epoll 加这组线程来模拟）。")
                .flag(Flag.number("--threads", "N", "a thread count from 1 to " + MAX_THREADS, 1, MAX_THREADS,
                        DEFAULT_THREADS, new Text("Threads in the channel group that run every completion handler "
                                + "(1.." + MAX_THREADS + "); it does not grow with the connections.",
                                "通道组里运行所有完成处理器的线程数（1.." + MAX_THREADS + "），不随连接数增长。")))
                .noteServer(NoteServer.class)
                .bench(Variant.of(List.of(), "pingpong", "stream", "mixed", "idle"))
                .check(Check.everyCase().model("epoll")) // NIO.2 on Linux: epoll and a thread pool
                // What the note's prose does right, in the cases that show it the same way on any machine.
                .checkNote(Check.everyCase().only("every-byte", "concurrent-100", "slow-reader", "idle-client-blocks-others")
                        .model("epoll")));
    }

    @Override
    public Model model(Options options) {
        return new AioModel(options.number("--threads"));
    }

    @Override
    public String describe(Options options) {
        return "五、异步IO asynchronous IO: read/write return at once, a completion handler runs when they are done; "
                + options.number("--threads") + " group thread(s) for every connection "
                + "(on Linux the JDK emulates this with epoll and those threads)";
    }

    public static void main(String[] args) {
        ServerLauncher.main(new AioChapter(), args);
    }
}
