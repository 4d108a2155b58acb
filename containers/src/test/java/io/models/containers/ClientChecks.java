package io.models.containers;

import static io.models.common.testkit.Bytes.assertSameBytes;

import io.models.common.protocol.Protocol;
import io.models.common.testkit.TestClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Client-side checks the tests share: a client is served, each of many is, and closing them all. */
final class ClientChecks {

    private ClientChecks() {
    }

    /** One round trip on {@code client}: {@code text} comes back upper-cased, every byte. */
    static void assertServes(TestClient client, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        assertSameBytes(Protocol.upper(bytes), client.roundTrip(bytes));
    }

    /**
     * Connects {@code n} clients one after the other, each served once before the next, and keeps
     * them open in {@code into} (the caller closes them, whatever happens).
     */
    static void connectEachServed(int port, int n, List<TestClient> into) throws IOException {
        for (int i = 0; i < n; i++) {
            TestClient c = TestClient.connect(port);
            into.add(c);
            assertServes(c, "client " + i);
        }
    }

    /** Every client in {@code clients} is served again: none was dropped meanwhile. */
    static void assertEachServed(List<TestClient> clients) throws IOException {
        for (int i = 0; i < clients.size(); i++) {
            assertServes(clients.get(i), "still here " + i);
        }
    }

    /** Closes every client (FIN), ignoring the ones the server or the kernel has closed already. */
    static void closeAll(List<TestClient> clients) {
        for (TestClient c : clients) {
            try {
                c.close();
            } catch (IOException e) {
                // closed already
            }
        }
    }

    /** Resets every client still open (RST, SO_LINGER 0): no TIME_WAIT left on this side's ports. */
    static void resetAll(List<TestClient> clients) {
        for (TestClient c : clients) {
            try {
                if (!c.socket().isClosed()) {
                    c.reset();
                }
            } catch (IOException e) {
                // closed already
            }
        }
    }

    /** A new client on {@code port} is served, then leaves. */
    static void assertServes(int port, String text) throws IOException {
        try (TestClient client = TestClient.connect(port)) {
            assertServes(client, text);
        }
    }
}
