package io.models.select;

import io.models.common.chapter.Chapter;
import io.models.common.chapter.Check;
import io.models.common.chapter.ReadSize;
import io.models.common.chapter.Trait;
import io.models.common.chapter.Variant;
import io.models.common.cli.ServerLauncher;
import java.util.List;

/**
 * What 04-select is, once: {@code java -jar 04-select/target/04-select.jar [--host ADDRESS] [--port PORT]}
 * (the jar's manifest gives the JVM the {@code --add-exports} its poll(2) selector needs; any other
 * {@code java} needs the flag, as {@link #jvmFlags()} says).
 */
public final class SelectChapter extends Chapter {

    public SelectChapter() {
        super(named(SelectModel.NAME).port(8081).section("四、多路复用IO") // the note's select servers listen on 8081
                .flag(ReadSize.FLAG)
                .model(options -> new SelectModel(ReadSize.bytes(options)))
                .describe("四、多路复用IO IO multiplexing: one thread, one poll(2) selector, select() then if/else per ready socket")
                .about("One thread blocks in poll(2), which scans every descriptor on every call.",
                        "一个线程阻塞在 poll(2) 上，每次调用，内核都要把所有文件描述符逐个检查一遍。")
                .traits(Trait.EVENT_LOOP)
                .jvm("--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED") // sun.nio.ch.PollSelectorProvider
                .noteServer(NoteServer.class)
                .bench(Variant.of(List.of(), "pingpong", "stream", "mixed", "idle", "hold"))
                .check(Check.everyCase().model("poll"))
                // The kept bug, in the cases that show it the same way on any machine.
                .checkNote(Check.everyCase().only("every-byte", "slow-reader", "idle-client-blocks-others").model("poll")
                        .fails("slow-reader", "the reply after 2 s without reading", "四: ready_obj.send(data.upper()) on a "
                                + "non-blocking socket takes what the kernel has room for, and the rest is lost")));
    }

    /** @throws UnsupportedOperationException one line, if this JVM cannot open a poll(2) selector */

    public static void main(String[] args) {
        ServerLauncher.main(new SelectChapter(), args);
    }
}
