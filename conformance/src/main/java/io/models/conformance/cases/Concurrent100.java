package io.models.conformance.cases;

import static io.models.conformance.cases.Requests.KIB;
import static java.nio.charset.StandardCharsets.US_ASCII;

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

    static final Case CASE = new Case("concurrent-100", "100 clients at once, each with bytes of its own, each get "
            + "exactly their own reply", false, Case.LONG, Concurrent100::run);

    private Concurrent100() {
    }

    static void run(Session s) throws Exception {
        int n = 100;
        List<CaseClient> clients = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            clients.add(s.connect("client " + i)); // all connected before any sends
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
                        byte[] got = c.readReply(sent, c.label + "'s reply");
                        String other = whoseTag(got, sent, n);
                        if (other != null) {
                            return c.label + " got the bytes of " + other
                                    + " (one buffer or variable shared by every connection?)";
                        }
                        Replies.expectUpper(sent, got, c.label + "'s reply");
                        s.await(sending, c.label + "'s request to be sent");
                        c.close(); // done: a server that serves one at a time moves on to the next
                        return null;
                    } catch (CaseFailed e) {
                        return e.getMessage();
                    }
                }));
            }
            s.waitingFor("the replies of " + n + " concurrent clients");
        }
        List<String> failures = new ArrayList<>();
        for (Future<String> r : results) {
            if (r.get() != null) {
                failures.add(r.get());
            }
        }
        if (!failures.isEmpty()) {
            throw new CaseFailed("%d of %d clients did not get their own reply; the first: %s".formatted(
                    failures.size(), n, failures.get(0)));
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
        return "client %03d of %d|".formatted(i, n).getBytes(US_ASCII);
    }

    /** "client 42" if {@code got} starts with client 42's tag (upper-cased) and not with its own. */
    private static String whoseTag(byte[] got, byte[] sent, int n) {
        int len = tag(0, n).length;
        if (got.length < len || Arrays.equals(got, 0, len, Protocol.upper(sent), 0, len)) {
            return null;
        }
        for (int j = 0; j < n; j++) {
            if (Arrays.equals(got, 0, len, Protocol.upper(tag(j, n)), 0, len)) {
                return "client " + j;
            }
        }
        return null;
    }
}
