package io.models.conformance.cases;

import static java.nio.charset.StandardCharsets.US_ASCII;

/** {@code resets-300}: clients that reset (the note's ConnectionResetError) do not stop the server. */
final class Resets300 {

    static final Case CASE = new Case("resets-300", "300 clients that reset (SO_LINGER 0) after a reply, in the "
            + "middle of one, or at once, and the server still answers", false, Case.LONG, Resets300::run);

    private Resets300() {
    }

    static void run(Session s) throws CaseFailed {
        int n = 300;
        Ending[] resets = {Ending.RESET_AFTER_REPLY, Ending.RESET_MID_REPLY, Ending.RESET_AT_ONCE};
        for (int i = 0; i < n; i++) {
            try {
                resets[i % resets.length].client(s, i);
            } catch (CaseFailed e) {
                throw new CaseFailed("after %d reset%s: %s".formatted(i, i == 1 ? "" : "s", e.getMessage()));
            }
        }
        stillServes(s, "after " + n + " resets");
    }

    /** A new client still gets its reply. */
    private static void stillServes(Session s, String when) throws CaseFailed {
        byte[] sent = ("still serving " + when).getBytes(US_ASCII);
        try (CaseClient c = s.connect("a new client")) {
            c.send(sent);
            c.expectReply(sent, "the reply");
        } catch (CaseFailed e) {
            throw new CaseFailed(when + " the server no longer answers: " + e.getMessage());
        }
    }
}
