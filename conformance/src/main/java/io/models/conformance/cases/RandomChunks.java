package io.models.conformance.cases;

import static io.models.conformance.cases.Requests.KIB;
import static io.models.conformance.cases.Requests.MIB;

import java.util.Random;
import java.util.concurrent.CompletableFuture;

/** {@code random-chunks}: a large request in random pieces, replied to while it is still being sent. */
final class RandomChunks {

    static final Case CASE = new Case("random-chunks", "1 MiB sent in random chunks (1 byte to 64 KiB) comes back "
            + "whole and in order while the client is still sending", false, Case.SHORT, RandomChunks::run);

    private RandomChunks() {
    }

    static void run(Session s) throws CaseFailed {
        byte[] sent = Requests.random(MIB, 1);
        try (CaseClient c = s.connect("the client")) {
            CompletableFuture<Void> sending = c.sendInChunks(sent, new Random(2), 64 * KIB, false);
            c.expectReply(sent, "the reply");
            s.await(sending, "the last chunk of the request");
            c.expectNothingMore("the reply");
        }
    }
}
