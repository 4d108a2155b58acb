package io.models.conformance.cases;

import io.models.conformance.Messages;
import static io.models.conformance.cases.Requests.KIB;
import static io.models.conformance.cases.Requests.MIB;

import java.util.Random;
import java.util.concurrent.CompletableFuture;

/** {@code slow-reader}: nothing is lost while a client does not read (the server must hold, not drop). */
final class SlowReader {

    static final Case CASE = new Case("slow-reader", false, Case.LONG, SlowReader::run);

    private SlowReader() {
    }

    static void run(Session s) throws Exception {
        byte[] sent = Requests.random(16 * MIB, 8);
        try (CaseClient c = s.connect(Messages.get("label.slow-reader"))) {
            CompletableFuture<Void> sending = c.sendInChunks(sent, new Random(9), 64 * KIB, false);
            s.waitingFor(Messages.get("label.slow-pause"));
            Thread.sleep(2000); // what this case is: nothing read for 2 s
            c.expectReply(sent, Messages.get("label.slow-reply"));
            s.await(sending, Messages.get("label.last-16-mib"));
        }
    }
}
