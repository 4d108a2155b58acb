package io.models.conformance.cases;

import io.models.conformance.Messages;
import static io.models.conformance.cases.Requests.KIB;
import static io.models.conformance.cases.Requests.MIB;

import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * Whether one client can stop every other: {@code idle-client-blocks-others} (one that says
 * nothing: 二、阻塞IO) and {@code slow-reader-blocks-others} (one that reads nothing: the note's
 * send() that "hopes it won't block").
 */
final class BlocksOthers {

    static final Case IDLE_CLIENT = new Case("idle-client-blocks-others", false, Case.SHORT, BlocksOthers::idleClient);
    static final Case SLOW_READER = new Case("slow-reader-blocks-others", false, Case.LONG, BlocksOthers::slowReader);

    private BlocksOthers() {
    }

    static void idleClient(Session s) throws CaseFailed {
        CaseClient silent = s.connect(Messages.get("label.silent-client")); // it leaves below; the session closes the rest
        String reply = Messages.get("label.other-reply");
        try (CaseClient other = s.connect(Messages.get("label.another-client"))) {
            byte[] sent = Requests.ascii("served while another client says nothing");
            other.send(sent);
            CaseClient.Stalled stalled;
            try {
                Replies.expectUpper(sent, other.readExactly(sent.length, reply), reply);
                return;
            } catch (CaseClient.Stalled e) {
                Replies.expectUpperPrefix(sent, e.partial, reply); // a wrong byte says more than the silence
                stalled = e;
            }
            silent.close();
            byte[] rest;
            try {
                rest = other.readExactly(sent.length - stalled.partial.length, reply);
            } catch (CaseClient.Stalled e) {
                throw new CaseFailed(Messages.get("blocks.idle-never", s.wait.toSeconds()));
            }
            Replies.expectUpper(sent, Requests.concat(stalled.partial, rest), reply);
            throw new CaseFailed(Cases.oneAtATime());
        }
    }

    static void slowReader(Session s) throws Exception {
        byte[] sent = Requests.random(16 * MIB, 10);
        try (CaseClient slow = s.connect(Messages.get("label.not-reading-client"))) {
            CompletableFuture<Void> sending = slow.sendInChunks(sent, new Random(11), 64 * KIB, false);
            untilStuck(s, slow, sending); // every buffer between them is full: the server cannot write to it
            byte[] small = Requests.ascii("served while another client reads nothing");
            try (CaseClient other = s.connect(Messages.get("label.another-client"))) {
                other.send(small);
                String reply = Messages.get("label.other-reply");
                try {
                    Replies.expectUpper(small, other.readExactly(small.length, reply), reply);
                } catch (CaseClient.Stalled e) {
                    Replies.expectUpperPrefix(small, e.partial, reply);
                    throw e;
                }
            } catch (CaseClient.Stalled e) {
                // On a non-blocking socket nothing blocks: a server at a full core meanwhile is spinning.
                double busy = s.serverBusyPercent(java.time.Duration.ofSeconds(1));
                throw new CaseFailed(busy >= CaseClient.SPINNING_PERCENT
                        ? Messages.get("blocks.slow-spinning", s.wait.toSeconds(), Replies.percent(busy))
                        : Messages.get("blocks.slow-blocking", s.wait.toSeconds()));
            }
            slow.expectReply(sent, Messages.get("label.not-reading-reply"));
            s.await(sending, Messages.get("label.last-16-mib"));
        }
    }

    /**
     * Waits until {@code c}'s writer has made no progress for a second (or has sent it all): the
     * server has stopped reading from it. (A slow server still reads now and then: TCP lets the
     * writer on each time 64 KiB have been read, well within a second at 64 KiB/s or more.)
     */
    private static void untilStuck(Session s, CaseClient c, CompletableFuture<Void> sending) throws Exception {
        s.waitingFor(Messages.get("blocks.waiting-stuck", c.label));
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
