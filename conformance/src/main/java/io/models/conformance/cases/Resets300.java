package io.models.conformance.cases;

import io.models.conformance.Messages;

/** {@code resets-300}: clients that reset (the note's ConnectionResetError) do not stop the server. */
final class Resets300 {

    static final Case CASE = new Case("resets-300", false, Case.LONG, Resets300::run);

    private Resets300() {
    }

    static void run(Session s) throws CaseFailed {
        int n = 300;
        Ending[] resets = {Ending.RESET_AFTER_REPLY, Ending.RESET_MID_REPLY, Ending.RESET_AT_ONCE};
        for (int i = 0; i < n; i++) {
            try {
                resets[i % resets.length].client(s, i);
            } catch (CaseFailed e) {
                throw new CaseFailed(Messages.get(i == 1 ? "resets.after-one" : "resets.after", i, e.getMessage()));
            }
        }
        stillServes(s, n);
    }

    /** A new client still gets its reply after {@code n} resets. */
    private static void stillServes(Session s, int n) throws CaseFailed {
        byte[] sent = Requests.ascii("still serving after " + n + " resets");
        try (CaseClient c = s.connect(Messages.get("label.a-new-client"))) {
            c.send(sent);
            c.expectReply(sent, Messages.get("label.the-reply"));
        } catch (CaseFailed e) {
            throw new CaseFailed(Messages.get("resets.no-longer", n, e.getMessage()));
        }
    }
}
