package io.models.blocking;

import io.models.common.chapter.Chapter;
import io.models.common.chapter.Check;
import io.models.common.chapter.Trait;
import io.models.common.chapter.Variant;
import io.models.common.cli.ServerLauncher;
import java.util.List;

/** What 01-blocking is, once: {@code java -jar 01-blocking/target/01-blocking.jar [--host ADDRESS] [--port PORT]}. */
public final class BlockingChapter extends Chapter {

    /** 二、阻塞IO, the note's own words for why one client holds up every other. */
    static final String WHY = "二、阻塞IO: 在调用recv(1024)的同时,线程将被阻塞,在此期间,线程将无法执行任何运算或响应任何的网络请求";

    public BlockingChapter() {
        super(named(BlockingModel.NAME).port(8080).section("二、阻塞IO")
                .model(options -> new BlockingModel())
                .describe("二、阻塞IO blocking IO: one thread, one client at a time")
                .about("One thread serves one connection at a time: while it waits on one (even an idle one), every other waits.",
                        "一个线程，一次只服务一个连接：它在一个连接上等着（哪怕那个连接什么也不发），其余的连接都得等。")
                .traits(Trait.ONE_CLIENT_AT_A_TIME)
                .noteServer(NoteServer.class)
                .bench(Variant.of(List.of(), "pingpong", "stream", "idle"))
                .check(Check.everyCase().model("blocking")
                        .fails("held-1000", "1 of 1000 held connections were answered", WHY)
                        .fails("idle-client-blocks-others", "served one client at a time", WHY)
                        .fails("slow-reader-blocks-others", "everything waited for that one", WHY))
                // The kept bug, in the cases that show it the same way on any machine.
                .checkNote(Check.everyCase().only("every-byte", "one-byte-writes").model("blocking")
                        .fails("one-byte-writes", "0 of 1731 bytes came", "二: while True: data = conn.recv(1024); "
                                + "conn.send(data.upper()): once the client has left, recv gives b'' for ever, the loop "
                                + "never breaks, and the next client is never served")));
    }

    public static void main(String[] args) {
        ServerLauncher.main(new BlockingChapter(), args);
    }
}
