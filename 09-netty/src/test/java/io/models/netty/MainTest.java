package io.models.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.models.common.testkit.ChildServer;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The chapter's own flags and words: --transport, --threads, and how a cause is put in one line. */
class MainTest {

    @ParameterizedTest
    @ValueSource(strings = {"nio", "epoll", "io_uring", "IO_URING", "io-uring", " Epoll "})
    void aTransportIsNamedAsTheFlagSaysInAnyCase(String value) {
        assertThat(Transport.of(value).flag()).isEqualTo(value.strip().toLowerCase().replace('-', '_'));
    }

    @Test
    void anUnknownTransportSaysWhichThereAre() {
        assertThatThrownBy(() -> Transport.of("kqueue")).hasMessage("'kqueue' is not a transport: nio, epoll or io_uring");
    }

    @Test
    void aBadTransportOrThreadCountIsOneLineAndTheUsage() throws Exception {
        for (List<String> args : List.of(List.of("--transport", "kqueue"), List.of("--threads", "0"),
                List.of("--threads", "many"))) {
            ChildServer.Run run = ChildServer.of(Main.class).args(args).run();
            assertThat(run.exitCode()).as("exit code for %s", args).isEqualTo(2);
            assertThat(run.lines().get(0)).as("first line for %s", args).contains(args.get(1)).doesNotContain("Exception");
            assertThat(String.join("\n", run.lines())).contains("Usage:").doesNotContain("\tat ");
        }
    }

    @Test
    void aCauseAndTheCausesUnderItGoOnOneLine() {
        Throwable t = new IllegalStateException("failed to load the native library",
                new UnsatisfiedLinkError("no netty_transport_native_io_uring42_x86_64\nin java.library.path"));
        assertThat(Transport.oneLine(t)).isEqualTo(
                "failed to load the native library: no netty_transport_native_io_uring42_x86_64 in java.library.path");
        assertThat(Transport.oneLine(new IOException("same", new IOException("same")))).isEqualTo("same");
        assertThat(Transport.oneLine(new UnsupportedOperationException())).isEqualTo("UnsupportedOperationException");
    }

    @Test
    void theBannerSaysTheTransportTheThreadsAndWhy() {
        assertThat(Main.model(Transport.EPOLL, false, 4)).contains("event loops (4)").contains("transport epoll (as asked");
        assertThat(Main.model(Transport.NIO, false, 1)).contains("transport nio").contains("Selector");
    }
}
