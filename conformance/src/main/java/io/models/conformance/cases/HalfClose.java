package io.models.conformance.cases;

import static io.models.conformance.cases.Requests.KIB;
import static io.models.conformance.cases.Requests.MIB;

import java.util.Random;
import java.util.concurrent.CompletableFuture;

/** {@code half-close}: a client that has finished sending (FIN) still gets every byte, then end of stream. */
final class HalfClose {

    static final Case CASE = new Case("half-close", "a client that closes its side after sending (FIN) gets the "
            + "whole reply, then end of stream", false, Case.SHORT, HalfClose::run);

    private HalfClose() {
    }

    static void run(Session s) throws CaseFailed {
        byte[] sent = Requests.random(MIB + 7, 4);
        try (CaseClient c = s.connect("the client")) {
            CompletableFuture<Void> sending = c.sendInChunks(sent, new Random(5), 64 * KIB, true); // then FIN
            byte[] got;
            try {
                got = c.readToEnd(sent.length, "the reply");
            } catch (CaseClient.Stalled e) {
                Replies.expectUpperPrefix(sent, e.partial, "the reply");
                throw e;
            }
            s.await(sending, "the request and the client's FIN to be sent");
            Replies.expectUpper(sent, got, "the reply (read to the end of stream)");
        }
    }
}
