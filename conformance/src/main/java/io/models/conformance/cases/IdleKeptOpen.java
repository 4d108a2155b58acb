package io.models.conformance.cases;

import io.models.conformance.Messages;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code idle-kept-open}: connections that have said nothing for a while are still open, and still
 * answered. A server may close an idle connection, but only after an idle timeout it was given
 * ({@code --idle-timeout SECONDS} tells the checker the server's own); one that closes it sooner
 * (a read timeout taken for the end of the stream, a select() that timed out taken for a dead client)
 * cuts off clients that were only thinking.
 */
final class IdleKeptOpen {

    static final Case CASE = new Case("idle-kept-open", false, Case.LONG, IdleKeptOpen::run);

    /** How long the connections stay idle, unless the server's own idle timeout is shorter than twice that. */
    static final Duration WINDOW = Duration.ofSeconds(5);

    private IdleKeptOpen() {
    }

    /** The idle window: {@link #WINDOW}, or half the server's idle timeout if that is shorter. */
    static Duration window(Duration idleTimeout) {
        if (idleTimeout == null || idleTimeout.dividedBy(2).compareTo(WINDOW) >= 0) {
            return WINDOW;
        }
        return idleTimeout.dividedBy(2);
    }

    static void run(Session s) throws Exception {
        int n = 100;
        IdleClients.Opened opened = IdleClients.open(s, n);
        if (opened.answered().isEmpty()) {
            throw new CaseFailed(Messages.get("kept.none", n, s.wait.toSeconds()));
        }
        Duration window = window(s.settings.idleTimeout());
        s.waitingFor(Messages.get("kept.waiting", Replies.seconds(window)));
        Thread.sleep(window.toMillis()); // what this case is: nobody says anything for the window
        List<CaseClient> asked = opened.answered();
        List<IdleClients.Trip> trips = IdleClients.trips(s, asked, i -> Requests.ascii("still open %03d".formatted(i)));
        List<String> ended = new ArrayList<>();
        int silent = 0;
        for (IdleClients.Trip t : trips) {
            switch (t.outcome()) {
                case ANSWERED -> { }
                case SILENT -> silent++;
                case ENDED -> ended.add(t.why());
                case WRONG -> throw new CaseFailed(t.why()); // a wrong reply says more than the silence after it
            }
        }
        String seconds = Replies.seconds(window);
        if (!ended.isEmpty()) {
            throw new CaseFailed(Messages.get("kept.ended", ended.size(), asked.size(), seconds, ended.get(0)));
        }
        if (silent > 0) {
            throw new CaseFailed(Messages.get("kept.silent", silent, asked.size(), seconds, s.wait.toSeconds()));
        }
    }
}
