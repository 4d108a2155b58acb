package io.models.conformance.cases;

import io.models.conformance.Messages;
import static io.models.conformance.cases.Requests.KIB;
import static io.models.conformance.cases.Requests.MIB;

import java.util.Random;
import java.util.concurrent.CompletableFuture;

/** {@code half-close}: a client that has finished sending (FIN) still gets every byte, then end of stream. */
final class HalfClose {

    static final Case CASE = new Case("half-close", false, Case.SHORT, HalfClose::run);

    private HalfClose() {
    }

    static void run(Session s) throws CaseFailed {
        byte[] sent = Requests.random(MIB + 7, 4);
        String reply = Messages.get("label.the-reply");
        try (CaseClient c = s.connect(Messages.get("label.the-client"))) {
            CompletableFuture<Void> sending = c.sendInChunks(sent, new Random(5), 64 * KIB, true); // then FIN
            byte[] got;
            try {
                got = c.readToEnd(sent.length, reply);
            } catch (CaseClient.Stalled e) {
                Replies.expectUpperPrefix(sent, e.partial, reply);
                throw c.hinted(e, sent);
            }
            s.await(sending, Messages.get("label.request-and-fin"));
            Replies.expectUpper(sent, got, Messages.get("label.reply-to-eof"));
        }
    }
}
