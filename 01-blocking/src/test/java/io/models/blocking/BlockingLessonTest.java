package io.models.blocking;

import static io.models.common.testkit.Bytes.assertSameBytes;
import static io.models.common.testkit.Probes.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.models.common.server.BaseServer;
import io.models.common.server.EchoServer;
import io.models.common.server.ServerConfig;
import io.models.common.testkit.TestClient;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** 二、阻塞IO: while one client is served, the next one is connected but gets nothing. */
@Timeout(120)
class BlockingLessonTest {

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void aSecondClientWaitsUntilTheFirstLeaves() throws Exception {
        try (EchoServer server = new BaseServer(ServerConfig.anyPort(), new BlockingModel())) {
            server.start();
            try (TestClient first = TestClient.connect(server.port()); // closed even if an assertion fails
                 TestClient second = TestClient.connect(server.port())) { // the kernel completes the handshake
                assertSameBytes(ascii("FIRST"), first.roundTrip(ascii("first")));
                second.send(ascii("second"));

                // The server is still busy with the first client: it answers it, and only it.
                assertSameBytes(ascii("STILL FIRST"), first.roundTrip(ascii("still first")));
                assertThat(server.stats().accepted()).as("accepted so far").isEqualTo(1);
                assertThat(server.stats().bytesIn()).as("bytes read so far, none of them the second's")
                        .isEqualTo("first".length() + "still first".length());
                assertThat(second.socket().getInputStream().available()).as("reply bytes for the second").isZero();

                first.close(); // the first leaves: the server goes back to accept()
                assertSameBytes(ascii("SECOND"), second.readExactly("second".length()));
                assertThat(server.stats().accepted()).isEqualTo(2);
            }
            eventually(() -> assertThat(server.stats().active()).isZero());
        }
    }
}
