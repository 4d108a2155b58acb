package io.models.nonblocking;

import io.models.common.chapter.Chapter;
import io.models.common.chapter.Check;
import io.models.common.chapter.Flag;
import io.models.common.chapter.ReadSize;
import io.models.common.chapter.Options;
import io.models.common.chapter.Text;
import io.models.common.chapter.Trait;
import io.models.common.chapter.Variant;
import io.models.common.cli.ServerLauncher;
import io.models.common.server.Model;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What 03-nonblocking is, once: {@code java -jar 03-nonblocking/target/03-nonblocking.jar [--idle-sleep-ms N]
 * [--max-connections N] [--idle-timeout SECONDS] [--host ADDRESS] [--port PORT]}.
 */
public final class NonBlockingChapter extends Chapter {

    static final String IDLE_SLEEP = "--idle-sleep-ms";

    public NonBlockingChapter() {
        super(named(NonBlockingModel.NAME).port(8083).section("三、非阻塞IO")
                .about("One thread asks every socket in turn, flat out: a core busy even when nothing happens.",
                        "一个线程一刻不停地挨个询问每个套接字，即使什么事都没有发生，也占满一个CPU核。")
                .flag(ReadSize.FLAG)
                .flag(Flag.number(IDLE_SLEEP, "N", "a pause from 0 to 10000 ms", 0, NonBlockingModel.MAX_IDLE_SLEEP_MS, 0,
                        new Text("After a pass that found nothing to do, sleep N ms, the note's time.sleep (its time.sleep(2) "
                                + "is 2000): less CPU while idle, later replies. 0 polls flat out and burns a core.",
                                "一轮下来什么事也没有，就睡 N 毫秒，也就是笔记里的 time.sleep（笔记的 time.sleep(2) 就是 2000）："
                                        + "空闲时少占 CPU，回复却来得晚。0 表示一刻不停地轮询，占满一个CPU核。")))
                .noteServer(NoteServer.class)
                .bench(Variant.of(List.of(), "pingpong", "stream", "mixed", "idle"))
                .bench(Variant.of(List.of(IDLE_SLEEP, "1"), "idle"))
                .check(Check.everyCase().model("nonblocking").fails("idle-cpu", "busy polling",
                        "三、非阻塞IO 缺点 1: 循环调用recv()将大幅度推高CPU占用率"))
                // The kept bug, in the cases that show it the same way on any machine.
                .checkNote(Check.everyCase().only("every-byte", "idle-client-blocks-others").model("blocking")
                        .fails("idle-client-blocks-others", "served one client at a time", "三: conn_l.append(conn) "
                                + "without conn.setblocking(False): the accepted socket blocks, so the loop waits in one "
                                + "silent client's recv")));
    }

    /** It polls while idle, the model, unless it sleeps after a pass that found nothing. */
    @Override
    public Set<Trait> traits(Options options) {
        return options.number(IDLE_SLEEP) == 0 ? EnumSet.of(Trait.POLLS_WHILE_IDLE) : EnumSet.noneOf(Trait.class);
    }

    @Override
    public Model model(Options options) {
        return new NonBlockingModel(options.number(IDLE_SLEEP), ReadSize.bytes(options));
    }

    @Override
    public String describe(Options options) {
        int idleSleepMs = options.number(IDLE_SLEEP);
        return idleSleepMs == 0
                ? "三、非阻塞IO nonblocking IO: one thread polls every socket flat out (a core busy even when idle)"
                : "三、非阻塞IO nonblocking IO: one thread polls every socket, sleeping " + idleSleepMs
                        + " ms after a pass that found nothing";
    }

    public static void main(String[] args) {
        ServerLauncher.main(new NonBlockingChapter(), args);
    }
}
