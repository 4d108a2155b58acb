package io.models.netty;

import io.models.common.chapter.Chapter;
import io.models.common.chapter.Check;
import io.models.common.chapter.Flag;
import io.models.common.chapter.Options;
import io.models.common.chapter.Text;
import io.models.common.chapter.Variant;
import io.models.common.cli.ServerLauncher;
import io.models.common.server.Model;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What 09-netty is, once:
 * {@code java -jar 09-netty/target/09-netty.jar [--transport nio|epoll|io_uring] [--threads N] [--host ADDRESS] [--port PORT]}.
 * It also chooses the transport: the one asked for, else the best that starts here, and says why.
 */
public final class NettyChapter extends Chapter {

    /** The most --threads may be: far more loops than any machine here has cores. */
    static final int MAX_THREADS = 256;
    /** The order the default tries the transports in: the one closest to the note's 五 first. */
    static final List<Transport> PREFERENCE = List.of(Transport.IO_URING, Transport.EPOLL, Transport.NIO);
    /** The benchmark's shapes every transport takes part in. */
    private static final String[] SHAPES = {"pingpong", "stream", "mixed", "idle", "hold"};

    public NettyChapter() {
        super(named(NettyModel.NAME).port(8089).section("八、总结: socketserver") // a port of its own, next to the note's 8088
                .about("Netty, the framework answer: event loops on nio, epoll or io_uring.",
                        "Netty，框架给出的答案：事件循环跑在 nio、epoll 或 io_uring 传输上。")
                .flag(Flag.choice("--transport", "NAME", "a transport: nio, epoll or io_uring",
                        List.of("nio", "epoll", "io_uring"), new Text(
                                "nio (the JDK's Selector), epoll (Netty's own, Linux) or io_uring (completions, Linux 5.9+). "
                                        + "Default: io_uring where it starts, else epoll, else nio.",
                                "nio（JDK 的 Selector）、epoll（Netty 自己的实现，仅限 Linux）或 io_uring（完成通知，Linux 5.9 及以上）。"
                                        + "不指定时：能启动就用 io_uring，否则用 epoll，再否则用 nio。")))
                .flag(Flag.number("--threads", "N", "a thread count from 1 to " + MAX_THREADS, 1, MAX_THREADS,
                        Runtime.getRuntime().availableProcessors(), new Text(
                                "Event loops (threads) that serve the connections, one per core unless told; "
                                        + "they do not grow with the connections.",
                                "服务连接的事件循环（线程）数，不指定时每个核一个；它不随连接数增长。")))
                // Netty loads its native libraries (epoll, io_uring): a JVM run from the class path must
                // say it may, or JDK 22+ warns (the jar says so in its manifest).
                .jvm("--enable-native-access=ALL-UNNAMED")
                .bench(Variant.of(List.of("--transport", "nio"), SHAPES).notQuick())
                .bench(Variant.of(List.of("--transport", "epoll"), SHAPES)) // bench --quick: epoll only
                .bench(Variant.of(List.of("--transport", "io_uring"), SHAPES).notQuick())
                // One event loop, as 06-selectors has one thread: the bench's headline comparison.
                .bench(Variant.of(List.of("--transport", "epoll", "--threads", "1"), "pingpong").notQuick())
                .check(Check.everyCase().model("io_uring", "epoll"))); // its best transport here: io_uring, else epoll
    }

    /**
     * The model on the transport asked for, or the best that starts here. One asked for by name that
     * cannot start here is one line saying why and what to use instead (the launcher's exit code 1).
     */
    @Override
    public Model model(Options options) {
        Transport chosen = transport(options);
        if (!chosen.isAvailable()) {
            throw new UnsupportedOperationException("%s: the %s transport cannot start here: %s; use --transport %s instead"
                    .formatted(name(), chosen, oneLine(chosen.unavailabilityCause()), fallback(chosen)));
        }
        return new NettyModel(chosen, options.number("--threads"));
    }

    /** The banner's first line: the model, the transport, and why that one. */
    @Override
    public String describe(Options options) {
        Transport chosen = transport(options);
        String why;
        if (options.given("--transport")) {
            why = "as asked (--transport)";
        } else {
            StringBuilder b = new StringBuilder("the default");
            for (Transport t : PREFERENCE.subList(0, PREFERENCE.indexOf(chosen))) {
                b.append("; ").append(t).append(" unavailable: ").append(oneLine(t.unavailabilityCause()));
            }
            why = b.toString();
        }
        String how = switch (chosen) {
            case NIO -> "the JDK's Selector waits (epoll_wait), the loop copies (read)";
            case EPOLL -> "the loop waits in epoll_wait, then copies (read)";
            case IO_URING -> "the kernel waits and copies, the loop reaps completions";
        };
        return "socketserver in Java: Netty's event loops (%d) call our handler; transport %s (%s): %s"
                .formatted(options.number("--threads"), chosen, why, how);
    }

    /** The transport {@code --transport} names, or without it the {@link #preferred()} one. */
    static Transport transport(Options options) {
        String asked = options.value("--transport");
        return asked.isEmpty() ? preferred() : Transport.valueOf(asked.toUpperCase(Locale.ROOT));
    }

    /** The default: io_uring where it starts, else epoll, else nio. */
    static Transport preferred() {
        return PREFERENCE.stream().filter(Transport::isAvailable).findFirst().orElse(Transport.NIO);
    }

    /** The first available in {@link #PREFERENCE} after {@code t}: what to use instead of it. */
    static Transport fallback(Transport t) {
        return PREFERENCE.subList(PREFERENCE.indexOf(t) + 1, PREFERENCE.size()).stream()
                .filter(Transport::isAvailable).findFirst().orElse(Transport.NIO);
    }

    /** A cause and the causes under it, on one line: "message: cause's message: ...". */
    static String oneLine(Throwable t) {
        List<String> parts = new ArrayList<>();
        for (Throwable c = t; c != null && parts.size() < 4; c = c.getCause()) {
            String m = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage().strip();
            if (parts.stream().noneMatch(p -> p.contains(m))) {
                parts.add(m);
            }
        }
        return String.join(": ", parts).replaceAll("\\s*\\R\\s*", " ");
    }

    public static void main(String[] args) {
        ServerLauncher.main(new NettyChapter(), args);
    }
}
