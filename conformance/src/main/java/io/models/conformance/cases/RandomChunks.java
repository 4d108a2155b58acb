package io.models.conformance.cases;

import io.models.conformance.Messages;
import static io.models.conformance.cases.Requests.KIB;
import static io.models.conformance.cases.Requests.MIB;

import java.util.Random;
import java.util.concurrent.CompletableFuture;

/** {@code random-chunks}: a large request in random pieces, replied to while it is still being sent. */
final class RandomChunks {

    static final Case CASE = new Case("random-chunks", false, Case.SHORT, RandomChunks::run);

    private RandomChunks() {
    }

    static void run(Session s) throws CaseFailed {
        byte[] sent = Requests.random(MIB, 1);
        try (CaseClient c = s.connect(Messages.get("label.the-client"))) {
            CompletableFuture<Void> sending = c.sendInChunks(sent, new Random(2), 64 * KIB, false);
            c.expectReply(sent, Messages.get("label.the-reply"));
            s.await(sending, Messages.get("label.last-chunk"));
            c.expectNothingMore(Messages.get("label.the-reply"));
        }
    }
}
