package io.models.common.testkit;

import static io.models.common.testkit.Bytes.assertSameBytes;
import static io.models.common.testkit.Probes.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.models.common.protocol.Protocol;
import io.models.common.server.EchoServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.quicktheories.generators.Generate;

/** The contract's cases about the bytes: however a client sends them, they come back exactly upper-cased. */
interface EchoContract {

    /** The suite running these cases: its server under test and its hooks. */
    ContractSuite suite();

    // 1. Payloads of every awkward size, in random chunks, come back exactly upper-cased.

    @ParameterizedTest(name = "{0} bytes")
    @FieldSource("io.models.common.testkit.Exchanges#AWKWARD_SIZES")
    default void payloadInRandomChunksComesBackUpperCased(int size) throws IOException {
        Exchanges.payloadInRandomChunks(suite().server.port(), size);
    }

    @Test
    default void oneBytePerWriteGivesTheSameAsOneWrite() throws IOException {
        Exchanges.oneBytePerWriteGivesTheSameAsOneWrite(suite().server.port());
    }

    // 4. Half-close: everything still pending is sent, then EOF.

    @Test
    default void halfCloseGetsTheWholeReplyThenEndOfStream() throws IOException {
        EchoServer server = suite().server;
        byte[] payload = Bytes.random(1024 * 1024 + 7, 4);
        try (TestClient client = TestClient.connect(server.port())) {
            CompletableFuture<Void> sending = client.sendInChunks(payload, new Random(4), 64 * 1024)
                    .thenRun(() -> {
                        try {
                            client.shutdownOutput(); // FIN right after the last byte
                        } catch (IOException e) {
                            throw new RuntimeException(e);
                        }
                    });
            byte[] reply = client.readToEnd(); // returns at EOF only
            sending.join();
            assertSameBytes(Protocol.upper(payload), reply);
        }
        eventually(() -> assertThat(server.stats().active()).isZero());
    }

    // 14. Property: any payload, in any chunking, with any pauses, comes back upper-cased.

    @Test
    default void anyPayloadInAnyChunkingWithAnyPausesComesBackUpperCased() {
        int port = suite().server.port();
        qt().withExamples(30).withShrinkCycles(30)
                .forAll(Generate.byteArrays(integers().between(0, 20_000),
                                Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0)),
                        lists().of(integers().between(1, 8192)).ofSizeBetween(1, 8),
                        lists().of(integers().between(0, 2000)).ofSizeBetween(0, 4))
                .checkAssert((payload, chunks, pausesMicros) -> {
                    try (TestClient c = TestClient.connect(port)) {
                        CompletableFuture<Void> sending = c.sendWithPauses(payload, chunks, pausesMicros);
                        byte[] reply = c.readExactly(payload.length);
                        sending.join();
                        assertSameBytes(Protocol.upper(payload), reply);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }
}
