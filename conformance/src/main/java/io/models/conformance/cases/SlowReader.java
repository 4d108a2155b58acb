package io.models.conformance.cases;

import static io.models.conformance.cases.Requests.KIB;
import static io.models.conformance.cases.Requests.MIB;

import java.util.Random;
import java.util.concurrent.CompletableFuture;

/** {@code slow-reader}: nothing is lost while a client does not read (the server must hold, not drop). */
final class SlowReader {

    static final Case CASE = new Case("slow-reader", "16 MiB from a client that reads nothing for 2 s all come back, "
            + "in order, once it reads", false, Case.LONG, SlowReader::run);

    private SlowReader() {
    }

    static void run(Session s) throws Exception {
        byte[] sent = Requests.random(16 * MIB, 8);
        try (CaseClient c = s.connect("the slow reader")) {
            CompletableFuture<Void> sending = c.sendInChunks(sent, new Random(9), 64 * KIB, false);
            s.waitingFor("2 s in which the slow reader reads nothing (the case's own pause)");
            Thread.sleep(2000); // what this case is: nothing read for 2 s
            c.expectReply(sent, "the reply after 2 s without reading");
            s.await(sending, "the last of the 16 MiB to be sent");
        }
    }
}
