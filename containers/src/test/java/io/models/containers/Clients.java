package io.models.containers;

import static io.models.common.testkit.Bytes.assertSameBytes;

import io.models.common.protocol.Protocol;
import io.models.common.testkit.TestClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Client-side checks the tests share. */
final class Clients {

    private Clients() {
    }

    /** One round trip on {@code client}: {@code text} comes back upper-cased, every byte. */
    static void assertServes(TestClient client, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        assertSameBytes(Protocol.upper(bytes), client.roundTrip(bytes));
    }

    /** A new client on {@code port} is served, then leaves. */
    static void assertServes(int port, String text) throws IOException {
        try (TestClient client = TestClient.connect(port)) {
            assertServes(client, text);
        }
    }
}
