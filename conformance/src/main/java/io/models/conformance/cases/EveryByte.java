package io.models.conformance.cases;

import io.models.conformance.Messages;
/** {@code every-byte}: the protocol itself, on all 256 byte values. */
final class EveryByte {

    static final Case CASE = new Case("every-byte", false, Case.SHORT, EveryByte::run);

    private EveryByte() {
    }

    static void run(Session s) throws CaseFailed {
        byte[] sent = new byte[512]; // 0..255, then 255..0
        for (int i = 0; i < 256; i++) {
            sent[i] = (byte) i;
            sent[511 - i] = (byte) i;
        }
        try (CaseClient c = s.connect(Messages.get("label.the-client"))) {
            c.send(sent);
            c.expectReply(sent, Messages.get("label.the-reply"));
            c.expectNothingMore(Messages.get("label.the-reply"));
        }
    }
}
