package io.models.reactors;

import io.models.common.chapter.Chapter;
import io.models.common.chapter.Check;
import io.models.common.chapter.Flag;
import io.models.common.chapter.Options;
import io.models.common.chapter.ReadSize;
import io.models.common.chapter.Text;
import io.models.common.chapter.Trait;
import io.models.common.chapter.Variant;
import io.models.common.cli.ServerLauncher;
import io.models.common.server.Model;
import java.util.List;

/**
 * What 08-reactors is, once: {@code java -jar 08-reactors/target/08-reactors.jar [--reactors N] [--workers N]
 * [--work-us MICROS] [--max-connections N] [--idle-timeout SECONDS] [--host ADDRESS] [--port PORT]}.
 */
public final class ReactorsChapter extends Chapter {

    public ReactorsChapter() {
        super(named(ReactorsModel.NAME).port(8086).section("beyond the note: 四、select模块的缺点")
                .about("Doug Lea's reactors: the work on worker threads, connections shared by several reactors.",
                        "Doug Lea 的 Reactor 模式：请求的处理工作交给工作线程池，连接由多个 Reactor 分担。")
                .flag(Flag.number("--reactors", "N", "a reactor count from 1 to 64", 1, 64, 1, new Text(
                        "Reactor threads, each with its own selector (1..64); the first also accepts and hands each "
                                + "new connection to the next, in turn.",
                        "Reactor 线程数（1..64），每个线程有自己的选择器；第一个还负责 accept，把每个新连接轮流交给下一个。")))
                .flag(Flag.number("--workers", "N", "a worker count from 0 to 256", 0, 256, 0, new Text(
                        "Threads that do the work on each request (0..256); with 0 the reactor thread does it, as 06 does.",
                        "处理请求的工作线程数（0..256）；为 0 时由 Reactor 线程自己处理，和 06 一样。")))
                .flag(Flag.number("--work-us", "MICROS", "microseconds from 0 to 1000000", 0, 1_000_000, 0, new Text(
                        "Each request (each read) keeps its thread busy for MICROS before its reply, the note's large "
                                + "handler (0..1000000). The reply is unchanged.",
                        "每个请求（每次读到的数据）在回复之前让处理它的线程忙上 MICROS 微秒（0..1000000），"
                                + "也就是笔记里说的执行体庞大；回复的内容不变。")))
                .flag(ReadSize.FLAG)
                .traits(Trait.EVENT_LOOP)
                .bench(Variant.of(List.of("--reactors", "2"), "pingpong", "stream", "mixed", "idle", "hold"))
                // The heavy-handler shape's two: the work on the reactor thread, or on two workers.
                .bench(Variant.of(List.of("--workers", "0", "--work-us", "2000"), "heavy").notQuick())
                .bench(Variant.of(List.of("--workers", "2", "--work-us", "2000"), "heavy").notQuick())
                // Checked with both answers on: connections over two selector threads, each request's work on a pool.
                .check(Check.everyCase().with("--reactors", "2", "--workers", "2").model("epoll")));
    }

    @Override
    public Model model(Options options) {
        return new ReactorsModel(options.number("--reactors"), options.number("--workers"), options.number("--work-us"),
                ReadSize.bytes(options));
    }

    @Override
    public String describe(Options options) {
        int workers = options.number("--workers");
        int workMicros = options.number("--work-us");
        return "Doug Lea's reactors: " + options.number("--reactors") + " reactor thread(s) (the first also accepts), "
                + (workers == 0 ? "the work on the reactor thread" : workers + " worker thread(s) do the work")
                + (workMicros == 0 ? "" : ", " + workMicros + " µs of work per request");
    }

    public static void main(String[] args) {
        ServerLauncher.main(new ReactorsChapter(), args);
    }
}
