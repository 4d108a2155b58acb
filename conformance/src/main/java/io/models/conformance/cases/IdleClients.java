package io.models.conformance.cases;

import io.models.conformance.Messages;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

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
        List<String> outcomes = roundTrips(s, all, i -> Requests.ascii("idle client %03d".formatted(i)));
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

    /** How one round trip went: its reply came, nothing came, the server ended the connection, or a wrong reply. */
    enum Outcome { ANSWERED, SILENT, ENDED, WRONG }

    /** One client's round trip: how it went, and if it failed, why. */
    record Trip(Outcome outcome, String why) {
    }

    /**
     * One round trip on each client at the same time, all within {@code --wait}: for each, null if
     * its reply came, "" if nothing came, else why it failed (a wrong reply, a connection ended).
     */
    static List<String> roundTrips(Session s, List<CaseClient> clients, IntFunction<byte[]> request) throws Exception {
        return trips(s, clients, request).stream().map(t -> switch (t.outcome()) {
            case ANSWERED -> null;
            case SILENT -> "";
            default -> t.why();
        }).toList();
    }

    /** One round trip on each client at the same time, all within {@code --wait}: how each went. */
    static List<Trip> trips(Session s, List<CaseClient> clients, IntFunction<byte[]> request) throws Exception {
        List<Future<Trip>> replies = new ArrayList<>();
        try (ExecutorService each = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < clients.size(); i++) {
                CaseClient c = clients.get(i);
                byte[] sent = request.apply(i);
                replies.add(each.submit(() -> {
                    String reply = Messages.get("label.reply-of", c.label);
                    try {
                        c.send(sent);
                        Replies.expectUpper(sent, c.readExactly(sent.length, reply), reply);
                        return new Trip(Outcome.ANSWERED, null);
                    } catch (CaseClient.Stalled e) { // silence: a one-at-a-time server, if nothing came
                        return new Trip(e.partial.length == 0 ? Outcome.SILENT : Outcome.WRONG, e.getMessage());
                    } catch (CaseClient.Ended e) {
                        return new Trip(Outcome.ENDED, e.getMessage());
                    } catch (CaseFailed e) {
                        return new Trip(Outcome.WRONG, e.getMessage());
                    }
                }));
            }
            s.waitingFor(Messages.get("idle.waiting-replies", clients.size()));
        }
        List<Trip> trips = new ArrayList<>();
        for (Future<Trip> r : replies) {
            trips.add(r.get());
        }
        return trips;
    }
}
