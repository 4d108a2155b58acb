package io.models.conformance.cases;

import io.models.conformance.Messages;
import static io.models.conformance.cases.Requests.KIB;

import io.models.common.protocol.Protocol;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** {@code concurrent-100}: clients at once, each with bytes of its own, tagged so a reply gone astray is named. */
final class Concurrent100 {

    static final Case CASE = new Case("concurrent-100", false, Case.LONG, Concurrent100::run);

    private Concurrent100() {
    }

    static void run(Session s) throws Exception {
        int n = 100;
        List<CaseClient> clients = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            clients.add(s.connect(Messages.get("label.client-n", i))); // all connected before any sends
        }
        List<Future<String>> results = new ArrayList<>();
        try (ExecutorService each = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                CaseClient c = clients.get(i);
                int seed = i;
                byte[] sent = tagged(i, n, 16 * KIB + i);
                results.add(each.submit(() -> {
                    try {
                        CompletableFuture<Void> sending = c.sendInChunks(sent, new Random(seed), 4 * KIB, false);
                        String reply = Messages.get("label.reply-of", c.label);
                        byte[] got = c.readReply(sent, reply);
                        Integer other = whoseTag(got, sent, n);
                        if (other != null) {
                            return Messages.get("concurrent.astray", c.label, Messages.get("label.client-n", other));
                        }
                        Replies.expectUpper(sent, got, reply);
                        s.await(sending, Messages.get("label.request-of", c.label));
                        c.close(); // done: a server that serves one at a time moves on to the next
                        return null;
                    } catch (CaseFailed e) {
                        return e.getMessage();
                    }
                }));
            }
            s.waitingFor(Messages.get("concurrent.waiting", n));
        }
        List<String> failures = new ArrayList<>();
        for (Future<String> r : results) {
            if (r.get() != null) {
                failures.add(r.get());
            }
        }
        if (!failures.isEmpty()) {
            throw new CaseFailed(Messages.get("concurrent.failed", failures.size(), n, failures.get(0)));
        }
    }

    /** {@code "client 007 of 100|"} and random bytes: a reply that starts with another tag went astray. */
    private static byte[] tagged(int i, int n, int size) {
        byte[] b = Requests.random(size, i);
        byte[] tag = tag(i, n);
        System.arraycopy(tag, 0, b, 0, tag.length);
        return b;
    }

    private static byte[] tag(int i, int n) {
        return Requests.ascii("client %03d of %d|".formatted(i, n));
    }

    /** 42 if {@code got} starts with client 42's tag (upper-cased) and not with its own; else null. */
    private static Integer whoseTag(byte[] got, byte[] sent, int n) {
        int len = tag(0, n).length;
        if (got.length < len || Arrays.equals(got, 0, len, Protocol.upper(sent), 0, len)) {
            return null;
        }
        for (int j = 0; j < n; j++) {
            if (Arrays.equals(got, 0, len, Protocol.upper(tag(j, n)), 0, len)) {
                return j;
            }
        }
        return null;
    }
}
