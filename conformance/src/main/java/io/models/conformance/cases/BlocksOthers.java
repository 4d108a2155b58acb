package io.models.conformance.cases;

import static io.models.conformance.cases.Requests.KIB;
import static io.models.conformance.cases.Requests.MIB;
import static java.nio.charset.StandardCharsets.US_ASCII;

import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * Whether one client can stop every other: {@code idle-client-blocks-others} (one that says
 * nothing: 二、阻塞IO) and {@code slow-reader-blocks-others} (one that reads nothing: the note's
 * send() that "hopes it won't block").
 */
final class BlocksOthers {

    static final Case IDLE_CLIENT = new Case("idle-client-blocks-others", "a client that connects and says nothing "
            + "does not stop another from being served", false, Case.SHORT, BlocksOthers::idleClient);
    static final Case SLOW_READER = new Case("slow-reader-blocks-others", "a client that sends a lot and reads "
            + "nothing does not stop another from being served meanwhile", false, Case.LONG, BlocksOthers::slowReader);

    private BlocksOthers() {
    }

    static void idleClient(Session s) throws CaseFailed {
        CaseClient silent = s.connect("a silent client"); // it leaves below; the session closes whatever is left
        try (CaseClient other = s.connect("another client")) {
            byte[] sent = "served while another client says nothing".getBytes(US_ASCII);
            other.send(sent);
            CaseClient.Stalled stalled;
            try {
                other.expectReply(sent, "the other client's reply");
                return;
            } catch (CaseClient.Stalled e) {
                stalled = e;
            }
            silent.close();
            byte[] rest;
            try {
                rest = other.readExactly(sent.length - stalled.partial.length, "the other client's reply");
            } catch (CaseClient.Stalled e) {
                throw new CaseFailed(("another client got no reply in %d s while a silent client was connected, "
                        + "nor in %d s after it left").formatted(s.wait.toSeconds(), s.wait.toSeconds()));
            }
            Replies.expectUpper(sent, Requests.concat(stalled.partial, rest), "the other client's reply");
            throw new CaseFailed(Cases.ONE_AT_A_TIME);
        }
    }

    static void slowReader(Session s) throws Exception {
        byte[] sent = Requests.random(16 * MIB, 10);
        try (CaseClient slow = s.connect("a client that does not read")) {
            CompletableFuture<Void> sending = slow.sendInChunks(sent, new Random(11), 64 * KIB, false);
            untilStuck(s, slow, sending); // every buffer between them is full: the server cannot write to it
            byte[] small = "served while another client reads nothing".getBytes(US_ASCII);
            try (CaseClient other = s.connect("another client")) {
                other.send(small);
                other.expectReply(small, "the other client's reply");
            } catch (CaseClient.Stalled e) {
                throw new CaseFailed(("another client got no reply in %d s while one client was not reading its "
                        + "replies: everything waited for that one (a send() that blocks the only thread, like the "
                        + "note's send(data.upper()) in 四 and 七, which just hopes it won't block; or one client at a "
                        + "time, as 二、阻塞IO)").formatted(s.wait.toSeconds()));
            }
            slow.expectReply(sent, "the reply of the client that did not read, once it reads");
            s.await(sending, "the last of the 16 MiB to be sent");
        }
    }

    /**
     * Waits until {@code c}'s writer has made no progress for a second (or has sent it all): the
     * server has stopped reading from it. (A slow server still reads now and then: TCP lets the
     * writer on each time 64 KiB have been read, well within a second at 64 KiB/s or more.)
     */
    private static void untilStuck(Session s, CaseClient c, CompletableFuture<Void> sending) throws Exception {
        s.waitingFor("the writes of " + c.label + " to stop going through");
        long end = System.nanoTime() + s.wait.multipliedBy(4).toNanos();
        long last = -1;
        long since = System.nanoTime();
        while (!sending.isDone() && System.nanoTime() - since < 1_000_000_000L && System.nanoTime() < end) {
            Thread.sleep(50);
            long now = c.written();
            if (now != last) {
                last = now;
                since = System.nanoTime();
            }
        }
    }
}
