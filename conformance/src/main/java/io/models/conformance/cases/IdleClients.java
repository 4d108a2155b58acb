package io.models.conformance.cases;

import io.models.conformance.Messages;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Connections that each make one round trip and then say nothing: what {@code idle-cpu} measures the
 * server with, and what {@code idle-kept-open} asks again after a while. A server that has replied
 * once to every one of them has registered them for reading, and for writing while it wrote: one
 * that leaves writing on keeps waking up for sockets that are always writable.
 */
final class IdleClients {

    private IdleClients() {
    }

    /** The connections, and those whose round trip came back (a one-at-a-time server answers only the first). */
    record Opened(List<CaseClient> all, List<CaseClient> answered) {
    }

    /**
     * Connects {@code n} clients; each sends one short request at the same time and waits for its
     * reply, all within {@code --wait} together. Those that got no reply stay open and silent.
     *
     * @throws CaseFailed if a connection fails, or a reply is wrong or cut off
     */
    static Opened open(Session s, int n) throws Exception {
        List<CaseClient> all = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            all.add(s.connect(Messages.get("label.idle-client", i))); // connected, and says nothing yet
        }
        List<String> outcomes = roundTrips(s, all, "idle client %03d");
        List<CaseClient> answered = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String why = outcomes.get(i);
            if (why == null) {
                answered.add(all.get(i));
            } else if (!why.isEmpty()) {
                throw new CaseFailed(why);
            }
        }
        return new Opened(all, answered);
    }

    /**
     * One round trip on each client at the same time, all within {@code --wait}: for each, null if
     * its reply came, "" if nothing came, else why it failed (a wrong reply, a connection ended).
     */
    static List<String> roundTrips(Session s, List<CaseClient> clients, String request) throws Exception {
        List<Future<String>> replies = new ArrayList<>();
        try (ExecutorService each = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < clients.size(); i++) {
                CaseClient c = clients.get(i);
                byte[] sent = Requests.ascii(request.formatted(i));
                replies.add(each.submit(() -> {
                    String reply = Messages.get("label.reply-of", c.label);
                    try {
                        c.send(sent);
                        Replies.expectUpper(sent, c.readExactly(sent.length, reply), reply);
                        return null;
                    } catch (CaseClient.Stalled e) {
                        return e.partial.length == 0 ? "" : e.getMessage(); // silence: a one-at-a-time server
                    } catch (CaseFailed e) {
                        return e.getMessage();
                    }
                }));
            }
            s.waitingFor(Messages.get("idle.waiting-replies", clients.size()));
        }
        List<String> outcomes = new ArrayList<>();
        for (Future<String> r : replies) {
            outcomes.add(r.get());
        }
        return outcomes;
    }
}
