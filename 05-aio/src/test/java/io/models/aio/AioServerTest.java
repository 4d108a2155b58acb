package io.models.aio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.models.common.server.ServerConfig;
import io.models.common.testkit.Probes;
import java.net.BindException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The edges of start() and close() that the contract suite does not reach. */
@Timeout(60)
class AioServerTest {

    @Test
    void aPortInUseFailsStartAndLeavesNoThreadBehind() throws Exception {
        try (AioServer first = new AioServer(ServerConfig.anyPort(), AioServer.DEFAULT_THREADS)) {
            first.start();
            AioServer second = new AioServer(ServerConfig.anyPort().withPort(first.port()), 3);
            assertThatThrownBy(second::start).isInstanceOf(BindException.class);
            second.close(); // harmless after a failed start
            assertThat(Probes.liveThreads(AioServer.NAME)).as("only the first server's group")
                    .isEqualTo(AioServer.DEFAULT_THREADS);
        }
        assertThat(Probes.liveThreads(AioServer.NAME)).isZero();
    }

    @Test
    void closeBeforeStartAndTwiceIsHarmless() throws Exception {
        new AioServer(ServerConfig.anyPort(), AioServer.DEFAULT_THREADS).close();
        AioServer server = new AioServer(ServerConfig.anyPort(), 1);
        server.start();
        server.close();
        server.close();
        assertThat(Probes.liveThreads(AioServer.NAME)).isZero();
        assertThat(server.stats().active()).isZero();
    }

    @Test
    void theGroupSizeIsBounded() {
        assertThatThrownBy(() -> new AioServer(ServerConfig.anyPort(), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AioServer(ServerConfig.anyPort(), AioServer.MAX_THREADS + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
