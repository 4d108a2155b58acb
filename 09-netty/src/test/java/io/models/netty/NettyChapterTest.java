package io.models.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.models.common.chapter.Chapters;
import io.models.common.chapter.Variant;
import io.models.common.testkit.ChildServer;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The chapter's descriptor: its own flags (--transport, --threads), its banner, and how a cause is put in one line. */
class NettyChapterTest {

    private final NettyChapter chapter = new NettyChapter();

    @ParameterizedTest
    @ValueSource(strings = {"nio", "epoll", "io_uring", "IO_URING", " Epoll "})
    void aTransportIsNamedAsTheFlagSaysInAnyCase(String value) {
        Transport t = NettyChapter.transport(chapter.options(List.of("--transport", value)));
        assertThat(t).hasToString(value.strip().toLowerCase());
    }

    @Test
    void anUnknownTransportSaysWhichThereAre() {
        assertThatThrownBy(() -> chapter.options(List.of("--transport", "kqueue")))
                .hasMessage("'kqueue' is not a transport: nio, epoll or io_uring");
    }

    @Test
    void withoutFlagsItTakesThePreferredTransportAndALoopPerCore() {
        NettyModel model = (NettyModel) chapter.model(chapter.options(List.of()));
        assertThat(model.transport()).isEqualTo(NettyChapter.preferred()).matches(Transport::isAvailable);
        assertThat(chapter.describe(chapter.options(List.of())))
                .contains("event loops (" + Runtime.getRuntime().availableProcessors() + ")");
        assertThat(chapter.describe(chapter.options(List.of("--threads", "3")))).contains("event loops (3)");
    }

    @Test
    void aBadTransportOrThreadCountIsOneLineAndTheUsage() throws Exception {
        for (List<String> args : List.of(List.of("--transport", "kqueue"), List.of("--threads", "0"),
                List.of("--threads", "257"), List.of("--threads", "many"))) {
            ChildServer.Run run = ChildServer.of(chapter).args(args).run();
            assertThat(run.exitCode()).as("exit code for %s", args).isEqualTo(2);
            assertThat(run.lines().get(0)).as("first line for %s", args).contains(args.get(1)).doesNotContain("Exception");
            assertThat(String.join("\n", run.lines())).contains("Usage:").doesNotContain("\tat ");
        }
    }

    @Test
    void aCauseAndTheCausesUnderItGoOnOneLine() {
        Throwable t = new IllegalStateException("failed to load the native library",
                new UnsatisfiedLinkError("no netty_transport_native_io_uring42_x86_64\nin java.library.path"));
        assertThat(NettyChapter.oneLine(t)).isEqualTo(
                "failed to load the native library: no netty_transport_native_io_uring42_x86_64 in java.library.path");
        assertThat(NettyChapter.oneLine(new IOException("same", new IOException("same")))).isEqualTo("same");
        assertThat(NettyChapter.oneLine(new UnsupportedOperationException())).isEqualTo("UnsupportedOperationException");
    }

    @Test
    void theBannerSaysTheTransportTheThreadsAndWhy() {
        assertThat(chapter.describe(chapter.options(List.of("--transport", "epoll", "--threads", "4"))))
                .contains("event loops (4)").contains("transport epoll (as asked");
        assertThat(chapter.describe(chapter.options(List.of("--transport", "nio", "--threads", "1"))))
                .contains("transport nio").contains("Selector");
        assertThat(chapter.describe(chapter.options(List.of())))
                .contains("transport " + NettyChapter.preferred() + " (the default");
    }

    @Test
    void itIsFoundOnTheClassPathAndTheBenchmarkRunsEveryTransportTheQuickRunEpoll() {
        assertThat(Chapters.named("09-netty")).isInstanceOf(NettyChapter.class);
        assertThat(chapter.variants()).extracting(Variant::args).containsExactly(List.of("--transport", "nio"),
                List.of("--transport", "epoll"), List.of("--transport", "io_uring"),
                List.of("--transport", "epoll", "--threads", "1")); // one event loop, beside 06's one thread (issue 23)
        assertThat(chapter.variants()).filteredOn(Variant::quick).extracting(Variant::args)
                .containsExactly(List.of("--transport", "epoll"));
    }
}
