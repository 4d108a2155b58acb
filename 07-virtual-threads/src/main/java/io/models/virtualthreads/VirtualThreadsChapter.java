package io.models.virtualthreads;

import io.models.common.chapter.Chapter;
import io.models.common.chapter.Check;
import io.models.common.chapter.Variant;
import io.models.common.cli.ServerLauncher;
import java.util.List;

/** What 07-virtual-threads is, once: {@code java -jar 07-virtual-threads/target/07-virtual-threads.jar [--host ADDRESS] [--port PORT]}. */
public final class VirtualThreadsChapter extends Chapter {

    public VirtualThreadsChapter() {
        super(named(VirtualThreadsModel.NAME).port(8087).section("beyond the note: 二 on virtual threads")
                .model(options -> new VirtualThreadsModel())
                .describe("beyond the note: a virtual thread per connection, each blocking on its own client; "
                        + "the JDK parks it and waits in epoll for every socket at once")
                .about("02's thread per connection, on virtual threads: the JDK parks them and waits in epoll.",
                        "把 02 的每个连接一个线程换成虚拟线程：虚拟线程在套接字上阻塞时由 JDK 停放，JDK 的轮询器在 epoll 里替它们一起等。")
                .bench(Variant.of(List.of(), "pingpong", "stream", "mixed", "idle", "hold"))
                .check(Check.everyCase().model("epoll"))); // its reads wait in the JDK's epoll poller
    }

    public static void main(String[] args) {
        ServerLauncher.main(new VirtualThreadsChapter(), args);
    }
}
