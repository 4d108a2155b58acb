package io.models.selectors;

import io.models.common.chapter.Chapter;
import io.models.common.chapter.Check;
import io.models.common.chapter.ReadSize;
import io.models.common.chapter.Trait;
import io.models.common.chapter.Variant;
import io.models.common.cli.ServerLauncher;
import java.util.List;

/** What 06-selectors is, once: {@code java -jar 06-selectors/target/06-selectors.jar [--host ADDRESS] [--port PORT]}. */
public final class SelectorsChapter extends Chapter {

    public SelectorsChapter() {
        super(named(SelectorsModel.NAME).port(8088).section("七、selectors模块") // the note's selectors example listens on 8088
                .flag(ReadSize.FLAG)
                .model(options -> new SelectorsModel(ReadSize.bytes(options)))
                .describe("七、selectors模块 DefaultSelector: one thread waits in the platform's best selector and calls each key's callback")
                .about("One thread blocks in epoll, which returns only the ready sockets; a callback per socket.",
                        "一个线程阻塞在 epoll 上，它只返回准备好的套接字；每个套接字一个回调。")
                .traits(Trait.EVENT_LOOP)
                .noteServer(NoteServer.class)
                .bench(Variant.of(List.of(), "pingpong", "stream", "mixed", "idle", "hold"))
                .check(Check.everyCase().model("epoll"))
                .checkNote(Check.everyCase().only("every-byte", "idle-client-blocks-others").model("epoll")
                        .fails("every-byte", "longer than the request", "七: conn.send(data.upper()+b'_SB'): _SB after "
                                + "every recv, so the reply is longer than the request and depends on how TCP cut it")));
    }

    public static void main(String[] args) {
        ServerLauncher.main(new SelectorsChapter(), args);
    }
}
