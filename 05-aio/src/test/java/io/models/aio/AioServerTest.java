package io.models.aio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.models.common.server.BaseServer;
import io.models.common.server.EchoServer;
import io.models.common.server.ServerConfig;
import io.models.common.testkit.Probes;
import java.net.BindException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The edges of start() and close() that the contract suite does not reach, on AioModel's group. */
@Timeout(60)
class AioServerTest {

    private static EchoServer server(ServerConfig config, int threads) {
        return new BaseServer(config, new AioModel(threads));
    }

    @Test
    void aPortInUseFailsStartAndLeavesNoThreadBehind() throws Exception {
        try (EchoServer first = server(ServerConfig.anyPort(), AioChapter.DEFAULT_THREADS)) {
            first.start();
            EchoServer second = server(ServerConfig.anyPort().withPort(first.port()), 3);
            assertThatThrownBy(second::start).isInstanceOf(BindException.class);
            second.close(); // harmless after a failed start
            assertThat(Probes.liveThreads(AioModel.NAME)).as("only the first server's group")
                    .isEqualTo(AioChapter.DEFAULT_THREADS);
        }
        assertThat(Probes.liveThreads(AioModel.NAME)).isZero();
    }

    @Test
    void closeBeforeStartAndTwiceIsHarmless() throws Exception {
        server(ServerConfig.anyPort(), AioChapter.DEFAULT_THREADS).close();
        EchoServer server = server(ServerConfig.anyPort(), 1);
        server.start();
        server.close();
        server.close();
        assertThat(Probes.liveThreads(AioModel.NAME)).isZero();
        assertThat(server.stats().active()).isZero();
    }

    @Test
    void theGroupSizeIsBounded() {
        AioChapter chapter = new AioChapter();
        assertThatThrownBy(() -> chapter.options(List.of("--threads", "0")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("'0' is not a thread count from 1 to 64");
        assertThatThrownBy(() -> chapter.options(List.of("--threads", String.valueOf(AioChapter.MAX_THREADS + 1))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(chapter.options(List.of()).number("--threads")).as("by default").isEqualTo(AioChapter.DEFAULT_THREADS);
    }
}
